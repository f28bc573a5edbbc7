namespace Mlops.Core.Training.Data;

/// <summary>The kinds of soft finding a <see cref="DataValidationReport"/> can carry.</summary>
public enum DataWarningCode
{
    /// <summary>Some values did not parse as the column's kind; they were loaded as missing.</summary>
    ParseFailures,

    /// <summary>Some numeric values lie outside the declared bounds.</summary>
    OutOfRange,

    /// <summary>A feature has at least half of its values missing.</summary>
    HighMissingRate,

    /// <summary>A feature has the same value in every row that has one.</summary>
    ConstantColumn,

    /// <summary>Some rows repeat another row in every feature and the label.</summary>
    DuplicateRows,

    /// <summary>Some rows have no label; training drops them.</summary>
    MissingLabels,

    /// <summary>The rarest label value is under 5% of the labelled rows.</summary>
    LabelImbalance,

    /// <summary>A column with a distinct value in every row was treated as an ID, not a feature.</summary>
    InferredId,

    /// <summary>A categorical feature has more than 1000 categories.</summary>
    HighCardinality,

    /// <summary>A file of a policy's data window was not read (another format than the newest).</summary>
    SkippedSource,
}
