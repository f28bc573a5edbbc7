using Mlops.Core.Diagnostics;

namespace Mlops.Core.Training.Trainers;

/// <summary>
/// The feature encoding fitted on the training rows and applied, bit for bit, both here (to train and score with
/// ML.NET) and in the exported ONNX graph (Imputer, Scaler, OneHotEncoder, Concat). The feature vector is the numeric
/// and boolean features in spec order, each imputed with its training mean (and, when <see cref="Standardize"/>,
/// mapped to <c>(x - mean) * (1 / std)</c> in float32, as the Scaler computes), then each categorical's one-hot block in
/// spec order (a value outside the vocabulary, or missing, is all zeros).
/// </summary>
internal sealed class FeaturePreprocessor
{
    private readonly Dictionary<string, int>[] _categoryIndex;

    private FeaturePreprocessor(
        IReadOnlyList<FeatureSpec> features,
        bool standardize,
        IReadOnlyList<int> numericFeatures,
        float[] means,
        float[] scales,
        IReadOnlyList<int> categoricalFeatures,
        IReadOnlyList<IReadOnlyList<string>> vocabularies)
    {
        Features = features;
        Standardize = standardize;
        NumericFeatures = numericFeatures;
        Means = means;
        Scales = scales;
        CategoricalFeatures = categoricalFeatures;
        Vocabularies = vocabularies;
        _categoryIndex = [.. vocabularies.Select(v => v.Select((c, i) => (c, i)).ToDictionary(p => p.c, p => p.i, StringComparer.Ordinal))];
        Width = numericFeatures.Count + vocabularies.Sum(v => v.Count);
    }

    public IReadOnlyList<FeatureSpec> Features { get; }

    /// <summary>Whether numeric features are standardized (linear models need it; trees do not).</summary>
    public bool Standardize { get; }

    /// <summary>Indexes into <see cref="Features"/> of the numeric and boolean features: the first slots of the vector.</summary>
    public IReadOnlyList<int> NumericFeatures { get; }

    /// <summary>The training mean of each numeric feature: its imputed value, and its Scaler offset when standardizing.</summary>
    public float[] Means { get; }

    /// <summary>The Scaler scale of each numeric feature: 1 / std (1 for a constant feature); all 1 when not standardizing.</summary>
    public float[] Scales { get; }

    /// <summary>Indexes into <see cref="Features"/> of the categorical features, whose one-hot blocks follow.</summary>
    public IReadOnlyList<int> CategoricalFeatures { get; }

    /// <summary>The one-hot vocabulary of each categorical feature.</summary>
    public IReadOnlyList<IReadOnlyList<string>> Vocabularies { get; }

    /// <summary>The length of the feature vector.</summary>
    public int Width { get; }

    /// <summary>A name per slot: the feature name, or <c>feature=category</c> for one-hot slots.</summary>
    public IReadOnlyList<string> SlotNames =>
    [
        .. NumericFeatures.Select(f => Features[f].Name),
        .. CategoricalFeatures.SelectMany((f, i) => Vocabularies[i].Select(c => $"{Features[f].Name}={c}")),
    ];

    /// <summary>
    /// Fits the encoding on <paramref name="data"/>. A numeric or boolean feature with no values, or a categorical
    /// with no categories (none given and none present), is a validation error naming it.
    /// </summary>
    public static FeaturePreprocessor Fit(TrainingData data, bool standardize)
    {
        ArgumentNullException.ThrowIfNull(data);
        var numeric = new List<int>();
        var means = new List<float>();
        var scales = new List<float>();
        var categorical = new List<int>();
        var vocabularies = new List<IReadOnlyList<string>>();
        for (var f = 0; f < data.Features.Count; f++)
        {
            var feature = data.Features[f];
            if (feature.Kind == FeatureKind.Categorical)
            {
                categorical.Add(f);
                vocabularies.Add(feature.Categories is { } given ? CheckVocabulary(feature.Name, given) : LearnVocabulary(feature.Name, data.Categorical(f)));
                continue;
            }

            var (mean, std) = Moments(feature.Name, data.Numeric(f));
            numeric.Add(f);
            means.Add((float)mean);
            scales.Add(standardize && std > 0 && double.IsFinite(1 / std) ? (float)(1 / std) : 1f);
        }

        return new FeaturePreprocessor(data.Features, standardize, numeric, [.. means], [.. scales], categorical, vocabularies);
    }

    /// <summary>The feature vectors of <paramref name="data"/>, row-major: row r is [r * Width, (r + 1) * Width).</summary>
    public float[] Transform(TrainingData data)
    {
        ArgumentNullException.ThrowIfNull(data);
        if (!data.Features.Select(f => (f.Name, f.Kind)).SequenceEqual(Features.Select(f => (f.Name, f.Kind))))
        {
            throw new ArgumentException("The data's features differ from the ones the encoding was fitted on.", nameof(data));
        }

        var rows = data.RowCount;
        var vectors = new float[(long)rows * Width];
        for (var i = 0; i < NumericFeatures.Count; i++)
        {
            var values = data.Numeric(NumericFeatures[i]);
            var mean = Means[i];
            var scale = Scales[i];
            for (var r = 0; r < rows; r++)
            {
                var x = float.IsNaN(values[r]) ? mean : values[r];
                vectors[((long)r * Width) + i] = Standardize ? Scale(x, mean, scale) : x;
            }
        }

        var slot = NumericFeatures.Count;
        for (var i = 0; i < CategoricalFeatures.Count; i++)
        {
            var values = data.Categorical(CategoricalFeatures[i]);
            var index = _categoryIndex[i];
            for (var r = 0; r < rows; r++)
            {
                if (values[r] is { } value && index.TryGetValue(value, out var hot))
                {
                    vectors[((long)r * Width) + slot + hot] = 1f;
                }
            }

            slot += Vocabularies[i].Count;
        }

        return vectors;
    }

    // Separate so the float32 steps stay exactly the Scaler's: subtract, then multiply, each rounded to float.
    private static float Scale(float x, float offset, float scale)
    {
        var centered = x - offset;
        return centered * scale;
    }

    private static (double Mean, double Std) Moments(string name, float[] values)
    {
        double sum = 0;
        long count = 0;
        foreach (var v in values)
        {
            if (!float.IsNaN(v))
            {
                sum += v;
                count++;
            }
        }

        if (count == 0)
        {
            throw MlopsException.Validation(
                $"Feature '{name}' has no values in the {values.Length} training rows; drop the column or fill it.", name);
        }

        var mean = sum / count;
        double squares = 0;
        foreach (var v in values)
        {
            if (!float.IsNaN(v))
            {
                squares += (v - mean) * (v - mean);
            }
        }

        return (mean, Math.Sqrt(squares / count));
    }

    private static IReadOnlyList<string> CheckVocabulary(string name, IReadOnlyList<string> categories)
    {
        if (categories.Count == 0)
        {
            throw MlopsException.Validation($"Categorical feature '{name}' lists no categories; give at least one or let them be learned.", name);
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var category in categories)
        {
            if (string.IsNullOrEmpty(category))
            {
                throw MlopsException.Validation($"Categorical feature '{name}' lists an empty category; an empty value means missing.", name);
            }

            if (!seen.Add(category))
            {
                throw MlopsException.Validation($"Categorical feature '{name}' lists category '{category}' twice.", name);
            }
        }

        return [.. categories];
    }

    private static IReadOnlyList<string> LearnVocabulary(string name, string?[] values)
    {
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var value in values)
        {
            if (value is not null)
            {
                counts[value] = counts.GetValueOrDefault(value) + 1;
            }
        }

        if (counts.Count == 0)
        {
            throw MlopsException.Validation(
                $"Categorical feature '{name}' has no values in the {values.Length} training rows; drop the column or fill it.", name);
        }

        return
        [
            .. counts.OrderByDescending(c => c.Value).ThenBy(c => c.Key, StringComparer.Ordinal)
                .Take(FeatureSpec.MaxLearnedCategories).Select(c => c.Key),
        ];
    }
}
