namespace Mlops.Core.Training.Data;

/// <summary>A value from the data that could not be used, for reports.</summary>
/// <param name="Row">The 1-based data row (the header is not counted).</param>
/// <param name="Value">The value as it appears in the data (long values are cut short).</param>
public sealed record InvalidValue(long Row, string Value);
