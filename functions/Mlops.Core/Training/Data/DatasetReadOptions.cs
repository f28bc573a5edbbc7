namespace Mlops.Core.Training.Data;

/// <summary>How to read and type a data set: the label, what the caller declares per column, and inference limits.</summary>
public sealed record DatasetReadOptions
{
    /// <summary>The default options: no label, nothing declared.</summary>
    public static DatasetReadOptions Default { get; } = new();

    /// <summary>The label column; required to exist when set. Null for data without one (e.g. scoring input).</summary>
    public string? Label { get; init; }

    /// <summary>Declared kind, role and bounds per column name; each name must be a column of the data.</summary>
    public IReadOnlyDictionary<string, ColumnOverride>? Columns { get; init; }

    /// <summary>The rows of a CSV that kinds are inferred from (later rows that do not parse are reported). Default 10,000.</summary>
    public int InferenceSampleRows { get; init; } = 10_000;

    /// <summary>How many example values a report keeps per column and finding. Default 5.</summary>
    public int MaxExamples { get; init; } = 5;
}
