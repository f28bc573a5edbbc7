using Mlops.Core.Diagnostics;

namespace Mlops.Core.Training.Data;

/// <summary>
/// A columnar, in-memory table: the <see cref="Schema"/> (every column of the source, ignored ones included) and one
/// typed <see cref="DatasetColumn"/> per column that is not ignored, all of <see cref="RowCount"/> rows. Immutable.
/// </summary>
public sealed class TabularDataset
{
    private readonly Dictionary<string, DatasetColumn> _byName;

    /// <summary>
    /// Creates a data set. Every column of <paramref name="schema"/> that is not ignored must have exactly one column
    /// of its kind in <paramref name="columns"/>, and every column must have the same length.
    /// </summary>
    public TabularDataset(DatasetSchema schema, IReadOnlyList<DatasetColumn> columns)
    {
        ArgumentNullException.ThrowIfNull(schema);
        ArgumentNullException.ThrowIfNull(columns);
        _byName = new Dictionary<string, DatasetColumn>(StringComparer.Ordinal);
        foreach (var column in columns)
        {
            if (!_byName.TryAdd(column.Name, column))
            {
                throw new ArgumentException($"Column '{column.Name}' appears twice.", nameof(columns));
            }
        }

        if (schema.Columns.Select(c => c.Name).Distinct(StringComparer.Ordinal).Count() != schema.Columns.Count)
        {
            throw new ArgumentException("Schema column names must be distinct.", nameof(schema));
        }

        if (schema.Columns.Count(c => c.Role == ColumnRole.Label) > 1)
        {
            throw new ArgumentException("A schema has at most one label.", nameof(schema));
        }

        var ordered = new List<DatasetColumn>();
        foreach (var column in schema.Columns.Where(c => c.Role != ColumnRole.Ignored))
        {
            if (!_byName.TryGetValue(column.Name, out var data))
            {
                throw new ArgumentException($"Schema column '{column.Name}' has no data.", nameof(columns));
            }

            if (data.Kind != column.Kind)
            {
                throw new ArgumentException($"Column '{column.Name}' is {data.Kind} but the schema says {column.Kind}.", nameof(columns));
            }

            ordered.Add(data);
        }

        if (ordered.Count != columns.Count)
        {
            throw new ArgumentException("Every column must be a schema column that is not ignored.", nameof(columns));
        }

        RowCount = ordered.Count == 0 ? 0 : ordered[0].Length;
        if (ordered.Any(c => c.Length != RowCount))
        {
            throw new ArgumentException("Every column must have the same number of rows.", nameof(columns));
        }

        Schema = schema;
        Columns = ordered;
        Features = [.. schema.Features.Select(c => _byName[c.Name])];
        Label = schema.Label is { } label ? _byName[label.Name] : null;
    }

    /// <summary>Every column of the source in file order, with kind and role (ignored columns included).</summary>
    public DatasetSchema Schema { get; }

    /// <summary>The number of rows.</summary>
    public int RowCount { get; }

    /// <summary>The loaded columns (all but the ignored ones), in file order.</summary>
    public IReadOnlyList<DatasetColumn> Columns { get; }

    /// <summary>The feature columns, in file order.</summary>
    public IReadOnlyList<DatasetColumn> Features { get; }

    /// <summary>The label column, or null when the data set has none.</summary>
    public DatasetColumn? Label { get; }

    /// <summary>The loaded column with this name, or null.</summary>
    public DatasetColumn? FindColumn(string name) => _byName.GetValueOrDefault(name);

    /// <summary>The loaded column with this name; a 404 <see cref="MlopsException"/> when there is none.</summary>
    public DatasetColumn GetColumn(string name) =>
        FindColumn(name) ?? throw MlopsException.NotFound(
            $"The data has no loaded column '{name}'; its columns are {string.Join(", ", Columns.Select(c => $"'{c.Name}'"))}.", name);

    /// <summary>A new data set with the given rows, in the given order (for splits and samples).</summary>
    public TabularDataset SelectRows(ReadOnlySpan<int> rows)
    {
        var selected = new DatasetColumn[Columns.Count];
        for (var i = 0; i < Columns.Count; i++)
        {
            selected[i] = Columns[i].SelectRows(rows);
        }

        return new TabularDataset(Schema, selected);
    }
}
