namespace Mlops.Core.Features.PointInTime;

/// <summary>A named column of numbers (NaN = missing) or of text (null = missing); exactly one of the two is set.</summary>
internal sealed record FrameColumn
{
    private FrameColumn(string name, double[]? numbers, string?[]? texts)
    {
        Name = name;
        Numbers = numbers;
        Texts = texts;
    }

    public string Name { get; }

    public double[]? Numbers { get; }

    public string?[]? Texts { get; }

    public int Length => Numbers?.Length ?? Texts!.Length;

    public static FrameColumn Numeric(string name, double[] values) => new(name, values ?? throw new ArgumentNullException(nameof(values)), null);

    public static FrameColumn Text(string name, string?[] values) => new(name, null, values ?? throw new ArgumentNullException(nameof(values)));

    /// <summary>A column of <paramref name="rows"/>.Length rows: row r takes this column's row rows[r], or missing where it is -1.</summary>
    public FrameColumn Gather(string name, int[] rows)
    {
        if (Numbers is { } numbers)
        {
            var gathered = new double[rows.Length];
            for (var r = 0; r < rows.Length; r++)
            {
                var source = rows[r];
                gathered[r] = source >= 0 ? numbers[source] : double.NaN;
            }

            return Numeric(name, gathered);
        }

        var texts = Texts!;
        var result = new string?[rows.Length];
        for (var r = 0; r < rows.Length; r++)
        {
            var source = rows[r];
            result[r] = source >= 0 ? texts[source] : null;
        }

        return Text(name, result);
    }
}
