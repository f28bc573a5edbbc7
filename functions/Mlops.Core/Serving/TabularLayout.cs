using System.Text.Json;

namespace Mlops.Core.Serving;

/// <summary>How the predict route's JSON columns map onto a model's inputs.</summary>
internal sealed class TabularLayout
{
    private const int ListedColumns = 20;
    private readonly Dictionary<string, InputColumn> _byName;
    private readonly Dictionary<string, InputColumn>.AlternateLookup<ReadOnlySpan<char>> _bySpan;

    public TabularLayout(IReadOnlyList<InputColumn> columns, InputColumn? vector, bool isFeatureVector)
    {
        Columns = columns;
        Vector = vector;
        IsFeatureVector = isFeatureVector;
        _byName = new Dictionary<string, InputColumn>(StringComparer.Ordinal);
        foreach (var column in columns)
        {
            _byName.Add(column.Name, column);
        }

        if (vector is not null)
        {
            _byName.TryAdd(vector.Name, vector);
        }

        _bySpan = _byName.GetAlternateLookup<ReadOnlySpan<char>>();
        var names = string.Join(", ", columns.Take(ListedColumns).Select(c => c.Name));
        ColumnList = columns.Count > ListedColumns ? $"{names}, … ({columns.Count} in all)" : names;
    }

    /// <summary>The named columns, one per row position, in model order (the canonical column order).</summary>
    public IReadOnlyList<InputColumn> Columns { get; }

    /// <summary>For a feature-vector model, the column named like the input that takes the whole vector as an array.</summary>
    public InputColumn? Vector { get; }

    /// <summary>True when one [batch, features] input takes every column; false for one input per column.</summary>
    public bool IsFeatureVector { get; }

    public int PositionCount => Columns.Count;

    /// <summary>The column names for error messages.</summary>
    public string ColumnList { get; }

    public InputColumn? Find(string name) => _byName.GetValueOrDefault(name);

    /// <summary>The column named by the property-name token the reader is on, trying the expected one first.</summary>
    public InputColumn? Find(ref Utf8JsonReader reader, int expected)
    {
        if ((uint)expected < (uint)Columns.Count && reader.ValueTextEquals(Columns[expected].Utf8Name))
        {
            return Columns[expected];
        }

        var length = reader.HasValueSequence ? reader.ValueSequence.Length : reader.ValueSpan.Length;
        if (length <= 256)
        {
            Span<char> name = stackalloc char[256];
            var written = reader.CopyString(name);
            return _bySpan.TryGetValue(name[..written], out var column) ? column : null;
        }

        return Find(reader.GetString()!);
    }
}
