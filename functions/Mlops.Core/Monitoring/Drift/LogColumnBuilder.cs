using System.Globalization;
using Mlops.Core.Training.Data;

namespace Mlops.Core.Monitoring.Drift;

/// <summary>Collects one column's values from logged JSON rows, typed as the reference column is.</summary>
internal sealed class LogColumnBuilder
{
    private readonly Dictionary<string, int> _codes = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> _codeLookup;
    private readonly List<string> _categories = [];
    private double[] _numbers = [];
    private int[] _categoryCodes = [];

    private readonly bool _boolean;

    /// <param name="name">The column.</param>
    /// <param name="type">Its drift type.</param>
    /// <param name="boolean">
    /// Whether the reference is a boolean column (categories <c>true</c>/<c>false</c>): serving takes booleans as 0/1
    /// numbers, so a logged 0 or 1 is read as <c>false</c>/<c>true</c> rather than as a new category.
    /// </param>
    public LogColumnBuilder(string name, DriftColumnType type, bool boolean = false)
    {
        Name = name;
        Type = type;
        _boolean = boolean && type == DriftColumnType.Categorical;
        _codeLookup = _codes.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    public string Name { get; }

    public DriftColumnType Type { get; }

    public int Count { get; private set; }

    /// <summary>Values that were present but not usable as the column's type (counted as missing too).</summary>
    public long Invalid { get; private set; }

    public void AddNumber(double value)
    {
        if (!double.IsFinite(value))
        {
            AddInvalid();
        }
        else if (Type == DriftColumnType.Numerical)
        {
            Append(value);
        }
        else if (_boolean && value is 0 or 1)
        {
            AddBoolean(value == 1);
        }
        else
        {
            AddText(ColumnValues.FormatNumber(value));
        }
    }

    public void AddText(ReadOnlySpan<char> text)
    {
        if (Type == DriftColumnType.Numerical)
        {
            if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) && double.IsFinite(number))
            {
                Append(number);
            }
            else
            {
                AddInvalid();
            }

            return;
        }

        if (!_codeLookup.TryGetValue(text, out var code))
        {
            code = _categories.Count;
            var category = text.ToString();
            _categories.Add(category);
            _codes.Add(category, code);
        }

        Append(code);
    }

    public void AddBoolean(bool value)
    {
        if (Type == DriftColumnType.Numerical)
        {
            Append(value ? 1.0 : 0.0);
        }
        else
        {
            AddText(value ? "true" : "false");
        }
    }

    public void AddMissing()
    {
        if (Type == DriftColumnType.Numerical)
        {
            Append(double.NaN);
        }
        else
        {
            Append(CategoricalColumn.MissingCode);
        }
    }

    public void AddInvalid()
    {
        Invalid++;
        AddMissing();
    }

    /// <summary>Drops values after the first <paramref name="count"/> (a record that turned out unreadable).</summary>
    public void Truncate(int count, long invalid)
    {
        Count = Math.Min(Count, count);
        Invalid = invalid;
    }

    public DatasetColumn Build() => Type == DriftColumnType.Numerical
        ? new NumericColumn(Name, _numbers.AsSpan(0, Count).ToArray())
        : new CategoricalColumn(Name, _categoryCodes.AsSpan(0, Count).ToArray(), _categories);

    private void Append(double value)
    {
        if (Count == _numbers.Length)
        {
            Array.Resize(ref _numbers, Math.Max(256, _numbers.Length * 2));
        }

        _numbers[Count++] = value;
    }

    private void Append(int code)
    {
        if (Count == _categoryCodes.Length)
        {
            Array.Resize(ref _categoryCodes, Math.Max(256, _categoryCodes.Length * 2));
        }

        _categoryCodes[Count++] = code;
    }
}
