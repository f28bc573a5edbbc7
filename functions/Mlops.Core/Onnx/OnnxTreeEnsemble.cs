namespace Mlops.Core.Onnx;

/// <summary>
/// A tree ensemble of any shape, the form both the exporters (ML.NET's trees) and the sample models write as
/// <c>ai.onnx.ml</c> TreeEnsembleRegressor, with a C# reference evaluator of exactly the semantics written: a row goes
/// to the true branch when <c>x[feature] &lt;= threshold</c> (float32), a NaN follows the node's missing-value rule, and
/// target t scores <c>BaseValues[t]</c> plus the leaf values of the trees of target t.
/// </summary>
internal sealed class OnnxTreeEnsemble
{
    public OnnxTreeEnsemble(int featureCount, IReadOnlyList<float> baseValues, IReadOnlyList<OnnxTree> trees)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(featureCount, 1);
        ArgumentNullException.ThrowIfNull(baseValues);
        ArgumentNullException.ThrowIfNull(trees);
        ArgumentOutOfRangeException.ThrowIfZero(baseValues.Count, nameof(baseValues));
        ArgumentOutOfRangeException.ThrowIfZero(trees.Count, nameof(trees));
        foreach (var tree in trees)
        {
            if (tree.Target < 0 || tree.Target >= baseValues.Count)
            {
                throw new ArgumentException($"A tree scores target {tree.Target}, but the ensemble has {baseValues.Count} targets.", nameof(trees));
            }

            if (tree.Features.Any(f => f < 0 || f >= featureCount))
            {
                throw new ArgumentException($"A tree splits on a feature outside [0, {featureCount}).", nameof(trees));
            }
        }

        FeatureCount = featureCount;
        BaseValues = baseValues;
        Trees = trees;
    }

    public int FeatureCount { get; }

    /// <summary>One per target (1 for a regressor or a binary score, one per class for multiclass scores).</summary>
    public IReadOnlyList<float> BaseValues { get; }

    public IReadOnlyList<OnnxTree> Trees { get; }

    public int TargetCount => BaseValues.Count;

    /// <summary>The reference scores of one row, one per target, summed in double.</summary>
    public double[] Score(ReadOnlySpan<float> row)
    {
        if (row.Length != FeatureCount)
        {
            throw new ArgumentException($"Expected {FeatureCount} features, got {row.Length}.", nameof(row));
        }

        var scores = BaseValues.Select(b => (double)b).ToArray();
        foreach (var tree in Trees)
        {
            scores[tree.Target] += tree.LeafValues[tree.LeafIndex(row)];
        }

        return scores;
    }

    /// <summary>
    /// Writes the attributes of a TreeEnsembleRegressor computing every target (<c>n_targets</c> = <see cref="TargetCount"/>),
    /// output float[N, targets].
    /// </summary>
    public void WriteRegressorAttributes(OnnxAttributes attributes, string postTransform = "NONE")
    {
        ArgumentNullException.ThrowIfNull(attributes);
        ArgumentException.ThrowIfNullOrEmpty(postTransform);
        WriteNodeAttributes(attributes);

        var leaves = Leaves(foldBaseValues: false).ToList();
        attributes
            .Ints("target_treeids", leaves.Select(l => (long)l.Tree))
            .Ints("target_nodeids", leaves.Select(l => (long)l.Node))
            .Ints("target_ids", leaves.Select(l => (long)l.Target))
            .Floats("target_weights", leaves.Select(l => l.Value))
            .Int("n_targets", TargetCount)
            .String("aggregate_function", "SUM")
            .Floats("base_values", BaseValues)
            .String("post_transform", postTransform);
    }

    /// <summary>The <c>nodes_*</c> attributes shared by TreeEnsembleRegressor and TreeEnsembleClassifier.</summary>
    public void WriteNodeAttributes(OnnxAttributes attributes)
    {
        ArgumentNullException.ThrowIfNull(attributes);
        var treeIds = new List<long>();
        var nodeIds = new List<long>();
        var featureIds = new List<long>();
        var values = new List<float>();
        var modes = new List<string>();
        var trueIds = new List<long>();
        var falseIds = new List<long>();
        var missing = new List<long>();
        for (var t = 0; t < Trees.Count; t++)
        {
            var tree = Trees[t];
            for (var n = 0; n < tree.BranchCount; n++)
            {
                treeIds.Add(t);
                nodeIds.Add(n);
                featureIds.Add(tree.Features[n]);
                values.Add(tree.Thresholds[n]);
                modes.Add("BRANCH_LEQ");
                trueIds.Add(tree.NodeId(tree.TrueChildren[n]));
                falseIds.Add(tree.NodeId(tree.FalseChildren[n]));
                missing.Add(tree.MissingGoesTrue[n] ? 1 : 0);
            }

            for (var l = 0; l < tree.LeafValues.Count; l++)
            {
                treeIds.Add(t);
                nodeIds.Add(tree.BranchCount + l);
                featureIds.Add(0);
                values.Add(0f);
                modes.Add("LEAF");
                trueIds.Add(0);
                falseIds.Add(0);
                missing.Add(0);
            }
        }

        attributes
            .Ints("nodes_treeids", treeIds).Ints("nodes_nodeids", nodeIds).Ints("nodes_featureids", featureIds)
            .Floats("nodes_values", values).Strings("nodes_modes", modes)
            .Ints("nodes_truenodeids", trueIds).Ints("nodes_falsenodeids", falseIds)
            .Ints("nodes_missing_value_tracks_true", missing);
    }

    /// <summary>
    /// Every leaf as (tree, ONNX node id, target, value); with <paramref name="foldBaseValues"/> each target's base value
    /// is added to the leaves of its first tree (for operators whose reading of <c>base_values</c> varies).
    /// </summary>
    public IEnumerable<(int Tree, int Node, int Target, float Value)> Leaves(bool foldBaseValues)
    {
        var folded = new bool[TargetCount];
        for (var t = 0; t < Trees.Count; t++)
        {
            var tree = Trees[t];
            var add = foldBaseValues && !folded[tree.Target] ? BaseValues[tree.Target] : 0f;
            folded[tree.Target] = true;
            for (var l = 0; l < tree.LeafValues.Count; l++)
            {
                yield return (t, tree.BranchCount + l, tree.Target, tree.LeafValues[l] + add);
            }
        }
    }
}
