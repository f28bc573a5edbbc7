using System.Globalization;

namespace Mlops.Core.Training.Data;

/// <summary>
/// Accumulates one column while a file is read, counting what was missing and what failed to parse. Every reader feeds
/// it through the same methods, so CSV and Parquet give the same values for the same data; a value of another type is
/// converted where that is lossless (a number into a categorical column, a boolean into a numeric one) and otherwise
/// counted as a parse failure.
/// </summary>
internal abstract class ColumnBuilder
{
    private readonly List<InvalidValue> _examples = [];
    private readonly int _maxExamples;

    protected ColumnBuilder(ColumnSchema schema, int maxExamples)
    {
        Schema = schema;
        _maxExamples = maxExamples;
    }

    public ColumnSchema Schema { get; }

    /// <summary>Rows appended so far.</summary>
    public int Count { get; private set; }

    /// <summary>Values missing in the source.</summary>
    public long SourceMissingCount { get; private set; }

    public long ParseFailureCount { get; private set; }

    public IReadOnlyList<InvalidValue> ParseFailureExamples => _examples;

    public static ColumnBuilder Create(ColumnSchema schema, int maxExamples, int capacity) => schema.Kind switch
    {
        ColumnKind.Numeric => new NumericColumnBuilder(schema, maxExamples, capacity),
        ColumnKind.Categorical => new CategoricalColumnBuilder(schema, maxExamples, capacity),
        ColumnKind.Boolean => new BooleanColumnBuilder(schema, maxExamples, capacity),
        ColumnKind.Timestamp => new TimestampColumnBuilder(schema, maxExamples, capacity),
        _ => throw new ArgumentOutOfRangeException(nameof(schema), schema.Kind, null),
    };

    public void AppendText(ReadOnlySpan<char> text)
    {
        var trimmed = text.Trim();
        if (TextValues.IsMissing(trimmed))
        {
            AppendMissing();
        }
        else if (TryAddText(trimmed))
        {
            Count++;
        }
        else
        {
            Fail(trimmed.ToString());
        }
    }

    public void AppendMissing()
    {
        AddMissing();
        SourceMissingCount++;
        Count++;
    }

    public void AppendNumber(double value)
    {
        if (double.IsNaN(value))
        {
            AppendMissing();
        }
        else if (TryAddNumber(value))
        {
            Count++;
        }
        else
        {
            Fail(value.ToString(CultureInfo.InvariantCulture));
        }
    }

    public void AppendBoolean(bool value)
    {
        if (TryAddBoolean(value))
        {
            Count++;
        }
        else
        {
            Fail(value ? "true" : "false");
        }
    }

    public void AppendTimestamp(DateTimeOffset value)
    {
        if (TryAddTimestamp(value))
        {
            Count++;
        }
        else
        {
            Fail(value.ToString("O", CultureInfo.InvariantCulture));
        }
    }

    public abstract DatasetColumn Build();

    protected abstract bool TryAddText(ReadOnlySpan<char> text);

    protected abstract void AddMissing();

    protected virtual bool TryAddNumber(double value) => TryAddText(value.ToString(CultureInfo.InvariantCulture));

    protected virtual bool TryAddBoolean(bool value) => TryAddText(value ? "true" : "false");

    protected virtual bool TryAddTimestamp(DateTimeOffset value) => TryAddText(value.ToString("O", CultureInfo.InvariantCulture));

    private void Fail(string raw)
    {
        AddMissing();
        ParseFailureCount++;
        Count++;
        if (_examples.Count < _maxExamples)
        {
            _examples.Add(new InvalidValue(Count, TextValues.Shorten(raw)));
        }
    }
}
