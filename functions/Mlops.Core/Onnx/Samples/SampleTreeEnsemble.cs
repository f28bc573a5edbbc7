namespace Mlops.Core.Onnx.Samples;

/// <summary>
/// A random, balanced tree ensemble (seeded, so always the same trees) with a C# reference evaluator, exported as
/// <c>ai.onnx.ml</c> TreeEnsembleRegressor or binary TreeEnsembleClassifier. Branches are <c>x[f] &lt;= threshold</c>;
/// a NaN feature follows each node's missing-value rule. Nodes are numbered breadth-first: node i has children
/// 2i+1 (true) and 2i+2 (false); leaves are the last 2^depth nodes.
/// </summary>
internal sealed class SampleTreeEnsemble
{
    private readonly OnnxTreeEnsemble _ensemble;

    private SampleTreeEnsemble(int depth, OnnxTreeEnsemble ensemble)
    {
        Depth = depth;
        _ensemble = ensemble;
    }

    public int TreeCount => _ensemble.Trees.Count;

    public int FeatureCount => _ensemble.FeatureCount;

    public int Depth { get; }

    /// <summary>Added to the sum of the trees' leaf values.</summary>
    public float BaseValue => _ensemble.BaseValues[0];

    /// <summary>
    /// Builds <paramref name="trees"/> trees of the given depth over <paramref name="features"/> features; thresholds
    /// lie in [-1, 1] (feed inputs from that range to reach every leaf), leaf values in [-0.1, 0.1].
    /// </summary>
    public static SampleTreeEnsemble Random(int trees = 100, int features = 8, int depth = 4, int seed = 42)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(trees, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(features, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(depth, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(depth, 16);

        var random = new Random(seed);
        var branches = (1 << depth) - 1;
        var leafCount = 1 << depth;

        // Breadth-first: branch i has children 2i+1 (true) and 2i+2 (false); node numbers from `branches` on are leaves.
        int Child(int node) => node < branches ? node : ~(node - branches);
        var trueChildren = Enumerable.Range(0, branches).Select(n => Child((2 * n) + 1)).ToArray();
        var falseChildren = Enumerable.Range(0, branches).Select(n => Child((2 * n) + 2)).ToArray();

        var built = new OnnxTree[trees];
        for (var t = 0; t < trees; t++)
        {
            var featureIds = new int[branches];
            var thresholds = new float[branches];
            var missing = new bool[branches];
            var leaves = new float[leafCount];
            for (var n = 0; n < branches; n++)
            {
                featureIds[n] = random.Next(features);
                thresholds[n] = (float)((random.NextDouble() * 2) - 1);
                missing[n] = random.Next(2) == 1;
            }

            for (var l = 0; l < leafCount; l++)
            {
                leaves[l] = (float)((random.NextDouble() * 0.2) - 0.1);
            }

            built[t] = new OnnxTree(0, featureIds, thresholds, trueChildren, falseChildren, missing, leaves);
        }

        return new SampleTreeEnsemble(depth, new OnnxTreeEnsemble(features, [0.05f], built));
    }

    /// <summary>The reference score of one row: base value plus the leaf value of every tree.</summary>
    public float Score(ReadOnlySpan<float> row) => (float)_ensemble.Score(row)[0];

    /// <summary>The reference probability of class 1 for the classifier export: logistic of <see cref="Score"/>.</summary>
    public float Probability(ReadOnlySpan<float> row) => (float)(1 / (1 + Math.Exp(-Score(row))));

    /// <summary>TreeEnsembleRegressor: input <c>features</c> float[N,F], output <c>variable</c> float[N,1].</summary>
    public byte[] ToRegressorOnnx() =>
        new OnnxModelBuilder("tree_ensemble_regressor")
            .Metadata("sample", "tree-ensemble-regressor")
            .Input("features", TensorElementKind.Float, -1, FeatureCount)
            .Node("TreeEnsembleRegressor", ["features"], ["variable"], a => _ensemble.WriteRegressorAttributes(a), OnnxDomains.Ml)
            .Output("variable", TensorElementKind.Float, -1, 1)
            .ToBytes();

    /// <summary>
    /// Binary TreeEnsembleClassifier (labels 0 and 1, logistic): input <c>features</c> float[N,F], outputs
    /// <c>label</c> int64[N] and <c>probabilities</c> float[N,2] — or, with <paramref name="zipMap"/>, a sequence
    /// of {label → probability} maps as scikit-learn exports do.
    /// </summary>
    public byte[] ToBinaryClassifierOnnx(bool zipMap = false)
    {
        // The base value is folded into the first tree: ORT's binary path reads base_values in a way the spec
        // leaves open, while leaf weights are unambiguous. Each leaf scores +w for class 1 and -w for class 0,
        // so the logistic of each gives [1 - p, p].
        var leaves = _ensemble.Leaves(foldBaseValues: true).ToList();
        var classTrees = leaves.SelectMany(l => new long[] { l.Tree, l.Tree }).ToArray();
        var classNodes = leaves.SelectMany(l => new long[] { l.Node, l.Node }).ToArray();
        var classIds = leaves.SelectMany(_ => new long[] { 0, 1 }).ToArray();
        var classWeights = leaves.SelectMany(l => new[] { -l.Value, l.Value }).ToArray();
        var probabilities = zipMap ? "probability_tensor" : "probabilities";

        var builder = new OnnxModelBuilder("tree_ensemble_classifier")
            .Metadata("sample", "tree-ensemble-classifier")
            .Input("features", TensorElementKind.Float, -1, FeatureCount)
            .Node("TreeEnsembleClassifier", ["features"], ["label", probabilities], a =>
            {
                _ensemble.WriteNodeAttributes(a);
                a.Ints("class_treeids", classTrees).Ints("class_nodeids", classNodes)
                    .Ints("class_ids", classIds).Floats("class_weights", classWeights)
                    .Ints("classlabels_int64s", [0, 1]).String("post_transform", "LOGISTIC");
            },
                OnnxDomains.Ml)
            .Output("label", TensorElementKind.Int64, -1);
        if (zipMap)
        {
            builder
                .Node("ZipMap", [probabilities], ["probabilities"], a => a.Ints("classlabels_int64s", [0, 1]), OnnxDomains.Ml)
                .Output(OnnxModelBuilder.SequenceOfMapsValue("probabilities", TensorElementKind.Int64, TensorElementKind.Float));
        }
        else
        {
            builder.Output("probabilities", TensorElementKind.Float, -1, 2);
        }

        return builder.ToBytes();
    }
}
