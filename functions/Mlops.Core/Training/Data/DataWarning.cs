namespace Mlops.Core.Training.Data;

/// <summary>A soft finding: the data can be used, but someone should look.</summary>
/// <param name="Code">What kind of finding.</param>
/// <param name="Column">The column concerned, if one.</param>
/// <param name="Message">What was found and what to do about it.</param>
public sealed record DataWarning(DataWarningCode Code, string? Column, string Message);
