namespace Mlops.Core.Training.Data;

/// <summary>A boolean column: one <see cref="bool"/> per row, null where the value is missing.</summary>
public sealed class BooleanColumn : DatasetColumn
{
    private readonly bool?[] _values;

    /// <summary>Creates a column over <paramref name="values"/>, which it keeps (do not change the array afterwards).</summary>
    public BooleanColumn(string name, bool?[] values)
        : base(name, (values ?? throw new ArgumentNullException(nameof(values))).Length)
    {
        _values = values;
    }

    /// <inheritdoc />
    public override ColumnKind Kind => ColumnKind.Boolean;

    /// <summary>The values, null where missing.</summary>
    public ReadOnlyMemory<bool?> Values => _values;

    /// <summary>The value in a row (null when missing).</summary>
    public bool? this[int row] => _values[row];

    /// <inheritdoc />
    public override bool IsMissing(int row) => _values[row] is null;

    /// <inheritdoc />
    public override string? FormatValue(int row) => _values[row] switch
    {
        true => "true",
        false => "false",
        null => null,
    };

    /// <inheritdoc />
    public override DatasetColumn SelectRows(ReadOnlySpan<int> rows)
    {
        var selected = new bool?[rows.Length];
        for (var i = 0; i < rows.Length; i++)
        {
            selected[i] = _values[rows[i]];
        }

        return new BooleanColumn(Name, selected);
    }
}
