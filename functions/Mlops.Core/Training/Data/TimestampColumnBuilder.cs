namespace Mlops.Core.Training.Data;

internal sealed class TimestampColumnBuilder(ColumnSchema schema, int maxExamples, int capacity) : ColumnBuilder(schema, maxExamples)
{
    private readonly List<DateTimeOffset?> _values = new(capacity);

    public override DatasetColumn Build() => new TimestampColumn(Schema.Name, [.. _values]);

    protected override bool TryAddText(ReadOnlySpan<char> text)
    {
        if (!TextValues.TryParseTimestamp(text, out var value))
        {
            return false;
        }

        _values.Add(value);
        return true;
    }

    // A number is not a timestamp: epoch seconds and milliseconds cannot be told apart, so it must be declared
    // by converting the data, not guessed here.
    protected override bool TryAddNumber(double value) => false;

    protected override bool TryAddTimestamp(DateTimeOffset value)
    {
        _values.Add(value);
        return true;
    }

    protected override void AddMissing() => _values.Add(null);
}
