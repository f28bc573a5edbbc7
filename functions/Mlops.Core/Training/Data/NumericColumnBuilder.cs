namespace Mlops.Core.Training.Data;

internal sealed class NumericColumnBuilder(ColumnSchema schema, int maxExamples, int capacity) : ColumnBuilder(schema, maxExamples)
{
    private readonly List<double> _values = new(capacity);

    public override DatasetColumn Build() => new NumericColumn(Schema.Name, [.. _values]);

    protected override bool TryAddText(ReadOnlySpan<char> text)
    {
        if (!TextValues.TryParseNumber(text, out var value))
        {
            return false;
        }

        _values.Add(value);
        return true;
    }

    protected override bool TryAddNumber(double value)
    {
        if (!double.IsFinite(value))
        {
            return false;
        }

        _values.Add(value);
        return true;
    }

    protected override bool TryAddBoolean(bool value)
    {
        _values.Add(value ? 1 : 0);
        return true;
    }

    protected override void AddMissing() => _values.Add(double.NaN);
}
