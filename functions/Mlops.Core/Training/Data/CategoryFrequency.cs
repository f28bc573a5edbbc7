namespace Mlops.Core.Training.Data;

/// <summary>How often one category occurs in a column.</summary>
/// <param name="Value">The category (<c>true</c>/<c>false</c> for a boolean column).</param>
/// <param name="Count">Rows with this category.</param>
public sealed record CategoryFrequency(string Value, long Count);
