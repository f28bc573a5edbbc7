namespace Mlops.Core.Training.Data;

internal sealed class BooleanColumnBuilder(ColumnSchema schema, int maxExamples, int capacity) : ColumnBuilder(schema, maxExamples)
{
    private readonly List<bool?> _values = new(capacity);

    public override DatasetColumn Build() => new BooleanColumn(Schema.Name, [.. _values]);

    protected override bool TryAddText(ReadOnlySpan<char> text)
    {
        if (!TextValues.TryParseBoolean(text, allowDigits: true, out var value))
        {
            return false;
        }

        _values.Add(value);
        return true;
    }

    protected override bool TryAddNumber(double value)
    {
        if (value is not (0 or 1))
        {
            return false;
        }

        _values.Add(value == 1);
        return true;
    }

    protected override bool TryAddBoolean(bool value)
    {
        _values.Add(value);
        return true;
    }

    protected override void AddMissing() => _values.Add(null);
}
