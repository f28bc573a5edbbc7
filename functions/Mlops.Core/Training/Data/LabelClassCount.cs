namespace Mlops.Core.Training.Data;

/// <summary>How often one label value occurs.</summary>
/// <param name="Value">The label value as invariant text (<c>true</c>/<c>false</c> for a boolean label).</param>
/// <param name="Count">Rows with this value.</param>
/// <param name="Fraction">Its share of the rows that have a label.</param>
public sealed record LabelClassCount(string Value, long Count, double Fraction);
