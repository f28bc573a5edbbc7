namespace Mlops.Core.Features;

/// <summary>
/// One feature's values in a <see cref="FeatureFrame"/>: numbers (<see cref="double.NaN"/> = missing) or texts (null =
/// missing), by <see cref="ValueType"/>.
/// </summary>
public sealed class FeatureColumn
{
    private FeatureColumn(string name, FeatureValueType type, double[]? numbers, string?[]? texts)
    {
        Name = name;
        ValueType = type;
        Numbers = numbers;
        Texts = texts;
    }

    /// <summary>The feature's name.</summary>
    public string Name { get; }

    /// <summary>Which of <see cref="Numbers"/> and <see cref="Texts"/> holds the values.</summary>
    public FeatureValueType ValueType { get; }

    /// <summary>The values of a <see cref="FeatureValueType.Number"/> feature; NaN is missing.</summary>
    public double[]? Numbers { get; }

    /// <summary>The values of a <see cref="FeatureValueType.Text"/> feature; null is missing.</summary>
    public string?[]? Texts { get; }

    /// <summary>The number of rows.</summary>
    public int Length => Numbers?.Length ?? Texts!.Length;

    /// <summary>A number column.</summary>
    public static FeatureColumn FromNumbers(string name, double[] values) =>
        new(name, FeatureValueType.Number, values ?? throw new ArgumentNullException(nameof(values)), null);

    /// <summary>A text column.</summary>
    public static FeatureColumn FromTexts(string name, string?[] values) =>
        new(name, FeatureValueType.Text, null, values ?? throw new ArgumentNullException(nameof(values)));

    /// <summary>Whether the row's value is missing.</summary>
    public bool IsMissing(int row) => Numbers is { } numbers ? double.IsNaN(numbers[row]) : Texts![row] is null;

    /// <summary>The row's value boxed: a <see cref="double"/>, a <see cref="string"/>, or null when missing.</summary>
    public object? GetValue(int row) => Numbers is { } numbers
        ? double.IsNaN(numbers[row]) ? null : numbers[row]
        : Texts![row];

    /// <summary>The rows at the given positions, in that order.</summary>
    public FeatureColumn Select(ReadOnlySpan<int> rows)
    {
        if (Numbers is { } numbers)
        {
            var picked = new double[rows.Length];
            for (var i = 0; i < rows.Length; i++)
            {
                picked[i] = numbers[rows[i]];
            }

            return FromNumbers(Name, picked);
        }

        var texts = new string?[rows.Length];
        for (var i = 0; i < rows.Length; i++)
        {
            texts[i] = Texts![rows[i]];
        }

        return FromTexts(Name, texts);
    }
}
