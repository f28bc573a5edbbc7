namespace Mlops.Core.Onnx.Samples;

/// <summary>
/// A random, balanced tree ensemble (seeded, so always the same trees) with a C# reference evaluator, exported as
/// <c>ai.onnx.ml</c> TreeEnsembleRegressor or binary TreeEnsembleClassifier. Branches are <c>x[f] &lt;= threshold</c>;
/// a NaN feature follows each node's missing-value rule. Nodes are numbered breadth-first: node i has children
/// 2i+1 (true) and 2i+2 (false); leaves are the last 2^depth nodes.
/// </summary>
internal sealed class SampleTreeEnsemble
{
    private readonly int[][] _features;
    private readonly float[][] _thresholds;
    private readonly bool[][] _missingGoesTrue;
    private readonly float[][] _leaves;

    private SampleTreeEnsemble(int featureCount, int depth, float baseValue, int[][] features, float[][] thresholds, bool[][] missingGoesTrue, float[][] leaves)
    {
        FeatureCount = featureCount;
        Depth = depth;
        BaseValue = baseValue;
        _features = features;
        _thresholds = thresholds;
        _missingGoesTrue = missingGoesTrue;
        _leaves = leaves;
    }

    public int TreeCount => _leaves.Length;

    public int FeatureCount { get; }

    public int Depth { get; }

    /// <summary>Added to the sum of the trees' leaf values.</summary>
    public float BaseValue { get; }

    private int BranchCount => (1 << Depth) - 1;

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
        var featureIds = new int[trees][];
        var thresholds = new float[trees][];
        var missing = new bool[trees][];
        var leaves = new float[trees][];
        for (var t = 0; t < trees; t++)
        {
            featureIds[t] = new int[branches];
            thresholds[t] = new float[branches];
            missing[t] = new bool[branches];
            leaves[t] = new float[leafCount];
            for (var n = 0; n < branches; n++)
            {
                featureIds[t][n] = random.Next(features);
                thresholds[t][n] = (float)((random.NextDouble() * 2) - 1);
                missing[t][n] = random.Next(2) == 1;
            }

            for (var l = 0; l < leafCount; l++)
            {
                leaves[t][l] = (float)((random.NextDouble() * 0.2) - 0.1);
            }
        }

        return new SampleTreeEnsemble(features, depth, 0.05f, featureIds, thresholds, missing, leaves);
    }

    /// <summary>The reference score of one row: base value plus the leaf value of every tree.</summary>
    public float Score(ReadOnlySpan<float> row)
    {
        if (row.Length != FeatureCount)
        {
            throw new ArgumentException($"Expected {FeatureCount} features, got {row.Length}.", nameof(row));
        }

        double sum = BaseValue;
        for (var t = 0; t < TreeCount; t++)
        {
            sum += _leaves[t][LeafIndex(t, row)];
        }

        return (float)sum;
    }

    /// <summary>The reference probability of class 1 for the classifier export: logistic of <see cref="Score"/>.</summary>
    public float Probability(ReadOnlySpan<float> row) => (float)(1 / (1 + Math.Exp(-Score(row))));

    /// <summary>TreeEnsembleRegressor: input <c>features</c> float[N,F], output <c>variable</c> float[N,1].</summary>
    public byte[] ToRegressorOnnx()
    {
        var (treeIds, nodeIds, featureIds, values, modes, trueIds, falseIds, missing) = NodeAttributes();
        var (leafTrees, leafNodes, leafValues) = LeafAttributes(foldBase: false);

        return new OnnxModelBuilder("tree_ensemble_regressor")
            .Metadata("sample", "tree-ensemble-regressor")
            .Input("features", TensorElementKind.Float, -1, FeatureCount)
            .Node("TreeEnsembleRegressor", ["features"], ["variable"], a => a
                .Ints("nodes_treeids", treeIds).Ints("nodes_nodeids", nodeIds).Ints("nodes_featureids", featureIds)
                .Floats("nodes_values", values).Strings("nodes_modes", modes)
                .Ints("nodes_truenodeids", trueIds).Ints("nodes_falsenodeids", falseIds)
                .Ints("nodes_missing_value_tracks_true", missing)
                .Ints("target_treeids", leafTrees).Ints("target_nodeids", leafNodes)
                .Ints("target_ids", new long[leafTrees.Length]).Floats("target_weights", leafValues)
                .Int("n_targets", 1).String("aggregate_function", "SUM").Floats("base_values", [BaseValue])
                .String("post_transform", "NONE"),
                OnnxDomains.Ml)
            .Output("variable", TensorElementKind.Float, -1, 1)
            .ToBytes();
    }

    /// <summary>
    /// Binary TreeEnsembleClassifier (labels 0 and 1, logistic): input <c>features</c> float[N,F], outputs
    /// <c>label</c> int64[N] and <c>probabilities</c> float[N,2] — or, with <paramref name="zipMap"/>, a sequence
    /// of {label → probability} maps as scikit-learn exports do.
    /// </summary>
    public byte[] ToBinaryClassifierOnnx(bool zipMap = false)
    {
        var (treeIds, nodeIds, featureIds, values, modes, trueIds, falseIds, missing) = NodeAttributes();

        // The base value is folded into the first tree: ORT's binary path reads base_values in a way the spec
        // leaves open, while leaf weights are unambiguous. Each leaf scores +w for class 1 and -w for class 0,
        // so the logistic of each gives [1 - p, p].
        var (leafTrees, leafNodes, leafValues) = LeafAttributes(foldBase: true);
        var classTrees = leafTrees.SelectMany(t => new[] { t, t }).ToArray();
        var classNodes = leafNodes.SelectMany(n => new[] { n, n }).ToArray();
        var classIds = leafTrees.SelectMany(_ => new long[] { 0, 1 }).ToArray();
        var classWeights = leafValues.SelectMany(w => new[] { -w, w }).ToArray();
        var probabilities = zipMap ? "probability_tensor" : "probabilities";

        var builder = new OnnxModelBuilder("tree_ensemble_classifier")
            .Metadata("sample", "tree-ensemble-classifier")
            .Input("features", TensorElementKind.Float, -1, FeatureCount)
            .Node("TreeEnsembleClassifier", ["features"], ["label", probabilities], a => a
                .Ints("nodes_treeids", treeIds).Ints("nodes_nodeids", nodeIds).Ints("nodes_featureids", featureIds)
                .Floats("nodes_values", values).Strings("nodes_modes", modes)
                .Ints("nodes_truenodeids", trueIds).Ints("nodes_falsenodeids", falseIds)
                .Ints("nodes_missing_value_tracks_true", missing)
                .Ints("class_treeids", classTrees).Ints("class_nodeids", classNodes)
                .Ints("class_ids", classIds).Floats("class_weights", classWeights)
                .Ints("classlabels_int64s", [0, 1]).String("post_transform", "LOGISTIC"),
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

    private int LeafIndex(int tree, ReadOnlySpan<float> row)
    {
        var node = 0;
        while (node < BranchCount)
        {
            var x = row[_features[tree][node]];
            var goesTrue = float.IsNaN(x) ? _missingGoesTrue[tree][node] : x <= _thresholds[tree][node];
            node = goesTrue ? (2 * node) + 1 : (2 * node) + 2;
        }

        return node - BranchCount;
    }

    private (long[] TreeIds, long[] NodeIds, long[] FeatureIds, float[] Values, string[] Modes, long[] TrueIds, long[] FalseIds, long[] Missing) NodeAttributes()
    {
        var perTree = BranchCount + (1 << Depth);
        var total = TreeCount * perTree;
        var treeIds = new long[total];
        var nodeIds = new long[total];
        var featureIds = new long[total];
        var values = new float[total];
        var modes = new string[total];
        var trueIds = new long[total];
        var falseIds = new long[total];
        var missing = new long[total];
        var i = 0;
        for (var t = 0; t < TreeCount; t++)
        {
            for (var n = 0; n < perTree; n++, i++)
            {
                treeIds[i] = t;
                nodeIds[i] = n;
                if (n < BranchCount)
                {
                    featureIds[i] = _features[t][n];
                    values[i] = _thresholds[t][n];
                    modes[i] = "BRANCH_LEQ";
                    trueIds[i] = (2 * n) + 1;
                    falseIds[i] = (2 * n) + 2;
                    missing[i] = _missingGoesTrue[t][n] ? 1 : 0;
                }
                else
                {
                    modes[i] = "LEAF";
                }
            }
        }

        return (treeIds, nodeIds, featureIds, values, modes, trueIds, falseIds, missing);
    }

    private (long[] TreeIds, long[] NodeIds, float[] Values) LeafAttributes(bool foldBase)
    {
        var leafCount = 1 << Depth;
        var treeIds = new long[TreeCount * leafCount];
        var nodeIds = new long[treeIds.Length];
        var values = new float[treeIds.Length];
        var i = 0;
        for (var t = 0; t < TreeCount; t++)
        {
            for (var l = 0; l < leafCount; l++, i++)
            {
                treeIds[i] = t;
                nodeIds[i] = BranchCount + l;
                values[i] = _leaves[t][l] + (foldBase && t == 0 ? BaseValue : 0f);
            }
        }

        return (treeIds, nodeIds, values);
    }
}
