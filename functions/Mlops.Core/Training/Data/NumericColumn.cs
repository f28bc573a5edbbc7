using System.Globalization;

namespace Mlops.Core.Training.Data;

/// <summary>A numeric column: one <see cref="double"/> per row, <see cref="double.NaN"/> where the value is missing.</summary>
public sealed class NumericColumn : DatasetColumn
{
    private readonly double[] _values;

    /// <summary>Creates a column over <paramref name="values"/>, which it keeps (do not change the array afterwards).</summary>
    public NumericColumn(string name, double[] values)
        : base(name, (values ?? throw new ArgumentNullException(nameof(values))).Length)
    {
        _values = values;
    }

    /// <inheritdoc />
    public override ColumnKind Kind => ColumnKind.Numeric;

    /// <summary>The values, <see cref="double.NaN"/> where missing.</summary>
    public ReadOnlyMemory<double> Values => _values;

    /// <summary>The value in a row (<see cref="double.NaN"/> when missing).</summary>
    public double this[int row] => _values[row];

    /// <inheritdoc />
    public override bool IsMissing(int row) => double.IsNaN(_values[row]);

    /// <inheritdoc />
    public override string? FormatValue(int row) =>
        double.IsNaN(_values[row]) ? null : _values[row].ToString(CultureInfo.InvariantCulture);

    /// <inheritdoc />
    public override DatasetColumn SelectRows(ReadOnlySpan<int> rows)
    {
        var selected = new double[rows.Length];
        for (var i = 0; i < rows.Length; i++)
        {
            selected[i] = _values[rows[i]];
        }

        return new NumericColumn(Name, selected);
    }
}
