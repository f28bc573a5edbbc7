namespace Mlops.Core.Training.Data;

/// <summary>
/// Dictionary-encodes while reading: each distinct value is allocated once and every row holds a code, so a large
/// file's text is never held in memory.
/// </summary>
internal sealed class CategoricalColumnBuilder : ColumnBuilder
{
    private readonly Dictionary<string, int> _index = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> _lookup;
    private readonly List<string> _categories = [];
    private readonly List<int> _codes;

    public CategoricalColumnBuilder(ColumnSchema schema, int maxExamples, int capacity)
        : base(schema, maxExamples)
    {
        _lookup = _index.GetAlternateLookup<ReadOnlySpan<char>>();
        _codes = new List<int>(capacity);
    }

    public override DatasetColumn Build()
    {
        // Sorted categories make the codes depend on the values only, not on the order rows arrived in.
        var order = Enumerable.Range(0, _categories.Count).OrderBy(i => _categories[i], StringComparer.Ordinal).ToArray();
        var remap = new int[order.Length];
        for (var sorted = 0; sorted < order.Length; sorted++)
        {
            remap[order[sorted]] = sorted;
        }

        var codes = new int[_codes.Count];
        for (var row = 0; row < codes.Length; row++)
        {
            var code = _codes[row];
            codes[row] = code == CategoricalColumn.MissingCode ? code : remap[code];
        }

        return new CategoricalColumn(Schema.Name, codes, [.. order.Select(i => _categories[i])]);
    }

    protected override bool TryAddText(ReadOnlySpan<char> text)
    {
        if (!_lookup.TryGetValue(text, out var code))
        {
            var value = text.ToString();
            code = _categories.Count;
            _categories.Add(value);
            _index.Add(value, code);
        }

        _codes.Add(code);
        return true;
    }

    protected override void AddMissing() => _codes.Add(CategoricalColumn.MissingCode);
}
