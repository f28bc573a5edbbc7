namespace Mlops.Core.Training.Data;

/// <summary>One column of a <see cref="DatasetSchema"/>.</summary>
/// <param name="Name">The column name as the data spells it (matched exactly, case-sensitive).</param>
/// <param name="Kind">How the values are typed.</param>
/// <param name="Role">What the column is for.</param>
/// <param name="Minimum">The smallest valid value of a numeric column, if declared; values below it are reported.</param>
/// <param name="Maximum">The largest valid value of a numeric column, if declared; values above it are reported.</param>
public sealed record ColumnSchema(
    string Name,
    ColumnKind Kind,
    ColumnRole Role = ColumnRole.Feature,
    double? Minimum = null,
    double? Maximum = null);
