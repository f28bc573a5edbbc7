namespace Mlops.Core.Training.Data;

/// <summary>
/// What validation found in a data set that passed (hard errors throw instead); kept with the training run.
/// </summary>
/// <param name="RowCount">Data rows.</param>
/// <param name="Columns">One report per loaded column, in file order.</param>
/// <param name="DuplicateRowCount">Rows that repeat an earlier row in every feature and the label (ID and ignored
/// columns are not compared, since a model never sees them).</param>
/// <param name="LabelBalance">Rows per label value, most frequent first; null without a label, and for a numeric label
/// with more than 20 distinct values (a regression target).</param>
/// <param name="Warnings">Soft findings.</param>
public sealed record DataValidationReport(
    long RowCount,
    IReadOnlyList<ColumnReport> Columns,
    long DuplicateRowCount,
    IReadOnlyList<LabelClassCount>? LabelBalance,
    IReadOnlyList<DataWarning> Warnings)
{
    /// <summary>The report of the column with this name, or null.</summary>
    public ColumnReport? FindColumn(string name) => Columns.FirstOrDefault(c => string.Equals(c.Name, name, StringComparison.Ordinal));
}
