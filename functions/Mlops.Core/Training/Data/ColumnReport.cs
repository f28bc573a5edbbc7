namespace Mlops.Core.Training.Data;

/// <summary>What validation found in one loaded column.</summary>
/// <param name="Name">The column name.</param>
/// <param name="Kind">How the values were typed.</param>
/// <param name="Role">What the column is for.</param>
/// <param name="KindInferred">Whether the kind was inferred (true) or declared (false).</param>
/// <param name="MissingCount">Missing values as loaded, including those that failed to parse.</param>
/// <param name="MissingRate">Missing values as a fraction of the rows.</param>
/// <param name="ParseFailureCount">Values present in the data that did not parse as <paramref name="Kind"/> (loaded as missing).</param>
/// <param name="ParseFailureExamples">The first few values that did not parse.</param>
/// <param name="OutOfRangeCount">Numeric values outside the declared minimum and maximum (kept as they are).</param>
/// <param name="OutOfRangeExamples">The first few values out of range.</param>
/// <param name="DistinctCount">Distinct values present (categorical and boolean columns; null for others).</param>
/// <param name="IsConstant">Whether every value present is the same.</param>
public sealed record ColumnReport(
    string Name,
    ColumnKind Kind,
    ColumnRole Role,
    bool KindInferred,
    long MissingCount,
    double MissingRate,
    long ParseFailureCount,
    IReadOnlyList<InvalidValue> ParseFailureExamples,
    long OutOfRangeCount,
    IReadOnlyList<InvalidValue> OutOfRangeExamples,
    int? DistinctCount,
    bool IsConstant);
