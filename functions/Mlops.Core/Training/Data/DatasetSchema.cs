namespace Mlops.Core.Training.Data;

/// <summary>The columns of a data set in file order, each with its kind and role (ignored columns included).</summary>
/// <param name="Columns">The columns in file order.</param>
public sealed record DatasetSchema(IReadOnlyList<ColumnSchema> Columns)
{
    /// <summary>The label column, or null when the data set has none.</summary>
    public ColumnSchema? Label => Columns.FirstOrDefault(c => c.Role == ColumnRole.Label);

    /// <summary>The feature columns in file order.</summary>
    public IEnumerable<ColumnSchema> Features => Columns.Where(c => c.Role == ColumnRole.Feature);

    /// <summary>The column with exactly this name, or null.</summary>
    public ColumnSchema? Find(string name) => Columns.FirstOrDefault(c => string.Equals(c.Name, name, StringComparison.Ordinal));
}
