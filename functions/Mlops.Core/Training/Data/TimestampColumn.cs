using System.Globalization;

namespace Mlops.Core.Training.Data;

/// <summary>A timestamp column: one <see cref="DateTimeOffset"/> per row, null where the value is missing.</summary>
public sealed class TimestampColumn : DatasetColumn
{
    private readonly DateTimeOffset?[] _values;

    /// <summary>Creates a column over <paramref name="values"/>, which it keeps (do not change the array afterwards).</summary>
    public TimestampColumn(string name, DateTimeOffset?[] values)
        : base(name, (values ?? throw new ArgumentNullException(nameof(values))).Length)
    {
        _values = values;
    }

    /// <inheritdoc />
    public override ColumnKind Kind => ColumnKind.Timestamp;

    /// <summary>The values, null where missing.</summary>
    public ReadOnlyMemory<DateTimeOffset?> Values => _values;

    /// <summary>The value in a row (null when missing).</summary>
    public DateTimeOffset? this[int row] => _values[row];

    /// <inheritdoc />
    public override bool IsMissing(int row) => _values[row] is null;

    /// <inheritdoc />
    public override string? FormatValue(int row) => _values[row]?.ToString("O", CultureInfo.InvariantCulture);

    /// <inheritdoc />
    public override DatasetColumn SelectRows(ReadOnlySpan<int> rows)
    {
        var selected = new DateTimeOffset?[rows.Length];
        for (var i = 0; i < rows.Length; i++)
        {
            selected[i] = _values[rows[i]];
        }

        return new TimestampColumn(Name, selected);
    }
}
