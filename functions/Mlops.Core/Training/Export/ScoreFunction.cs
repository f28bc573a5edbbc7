using Mlops.Core.Onnx;

namespace Mlops.Core.Training.Export;

/// <summary>
/// The raw scores [N, <see cref="Targets"/>] of a model on its feature vectors: either linear
/// (<see cref="LinearWeights"/> · x + <see cref="LinearBiases"/>) or a tree ensemble.
/// </summary>
internal sealed record ScoreFunction
{
    private ScoreFunction(int features, int targets, float[]? weights, float[]? biases, OnnxTreeEnsemble? trees)
    {
        FeatureCount = features;
        Targets = targets;
        LinearWeights = weights;
        LinearBiases = biases;
        Trees = trees;
    }

    public int FeatureCount { get; }

    public int Targets { get; }

    /// <summary>Row-major [features, targets], as MatMul reads it; null for trees.</summary>
    public float[]? LinearWeights { get; }

    public float[]? LinearBiases { get; }

    public OnnxTreeEnsemble? Trees { get; }

    public static ScoreFunction Linear(int features, float[] weights, float[] biases)
    {
        ArgumentNullException.ThrowIfNull(weights);
        ArgumentNullException.ThrowIfNull(biases);
        if (biases.Length == 0 || weights.Length != features * biases.Length)
        {
            throw new ArgumentException($"Expected {features} x {biases.Length} weights, got {weights.Length}.", nameof(weights));
        }

        return new ScoreFunction(features, biases.Length, weights, biases, null);
    }

    public static ScoreFunction TreeEnsemble(OnnxTreeEnsemble trees)
    {
        ArgumentNullException.ThrowIfNull(trees);
        return new ScoreFunction(trees.FeatureCount, trees.TargetCount, null, null, trees);
    }
}
