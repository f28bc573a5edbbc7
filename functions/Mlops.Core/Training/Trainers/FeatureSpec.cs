namespace Mlops.Core.Training.Trainers;

/// <summary>
/// One feature column a model is trained on and takes as a named input when served.
/// </summary>
/// <param name="Name">The column name, which is also the ONNX input name.</param>
/// <param name="Kind">How the feature is encoded.</param>
/// <param name="Categories">
/// For <see cref="FeatureKind.Categorical"/>: the vocabulary, in one-hot order. Null learns it from the training rows
/// (most frequent first, ties in ordinal order, at most <see cref="MaxLearnedCategories"/>); values outside it encode
/// as all zeros in training and serving alike.
/// </param>
public sealed record FeatureSpec(string Name, FeatureKind Kind, IReadOnlyList<string>? Categories = null)
{
    /// <summary>The largest vocabulary learned from data; rarer categories are treated as unseen.</summary>
    public const int MaxLearnedCategories = 100;

    /// <summary>A numeric feature.</summary>
    public static FeatureSpec Numeric(string name) => new(name, FeatureKind.Numeric);

    /// <summary>A boolean feature.</summary>
    public static FeatureSpec Boolean(string name) => new(name, FeatureKind.Boolean);

    /// <summary>A categorical feature with a fixed vocabulary, or one learned from the training rows.</summary>
    public static FeatureSpec Categorical(string name, IReadOnlyList<string>? categories = null) => new(name, FeatureKind.Categorical, categories);
}
