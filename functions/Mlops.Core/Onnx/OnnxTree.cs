namespace Mlops.Core.Onnx;

/// <summary>
/// One tree of an <see cref="OnnxTreeEnsemble"/>, in ML.NET's layout: branch node n splits on
/// <c>Features[n] &lt;= Thresholds[n]</c>; a child c &gt;= 0 is branch c, a child c &lt; 0 is leaf <c>~c</c>. A tree
/// with no branches is a single leaf. Branches get ONNX node ids 0..B-1 and leaf l gets B + l.
/// </summary>
internal sealed class OnnxTree
{
    public OnnxTree(
        int target,
        IReadOnlyList<int> features,
        IReadOnlyList<float> thresholds,
        IReadOnlyList<int> trueChildren,
        IReadOnlyList<int> falseChildren,
        IReadOnlyList<bool> missingGoesTrue,
        IReadOnlyList<float> leafValues)
    {
        ArgumentNullException.ThrowIfNull(features);
        ArgumentNullException.ThrowIfNull(thresholds);
        ArgumentNullException.ThrowIfNull(trueChildren);
        ArgumentNullException.ThrowIfNull(falseChildren);
        ArgumentNullException.ThrowIfNull(missingGoesTrue);
        ArgumentNullException.ThrowIfNull(leafValues);
        var branches = features.Count;
        if (thresholds.Count != branches || trueChildren.Count != branches || falseChildren.Count != branches || missingGoesTrue.Count != branches)
        {
            throw new ArgumentException("Every branch needs a feature, a threshold, two children and a missing-value rule.", nameof(features));
        }

        if (leafValues.Count != branches + 1)
        {
            throw new ArgumentException($"A binary tree with {branches} branches has {branches + 1} leaves, not {leafValues.Count}.", nameof(leafValues));
        }

        foreach (var child in trueChildren.Concat(falseChildren))
        {
            if (child >= branches || (child < 0 && ~child >= leafValues.Count))
            {
                throw new ArgumentException($"Child {child} points outside the tree.", nameof(trueChildren));
            }
        }

        Target = target;
        Features = features;
        Thresholds = thresholds;
        TrueChildren = trueChildren;
        FalseChildren = falseChildren;
        MissingGoesTrue = missingGoesTrue;
        LeafValues = leafValues;
    }

    /// <summary>The target (output column) this tree adds to.</summary>
    public int Target { get; }

    public IReadOnlyList<int> Features { get; }

    public IReadOnlyList<float> Thresholds { get; }

    public IReadOnlyList<int> TrueChildren { get; }

    public IReadOnlyList<int> FalseChildren { get; }

    public IReadOnlyList<bool> MissingGoesTrue { get; }

    public IReadOnlyList<float> LeafValues { get; }

    public int BranchCount => Features.Count;

    /// <summary>The leaf a row ends in.</summary>
    public int LeafIndex(ReadOnlySpan<float> row)
    {
        if (BranchCount == 0)
        {
            return 0;
        }

        var node = 0;
        while (node >= 0)
        {
            var x = row[Features[node]];
            var goesTrue = float.IsNaN(x) ? MissingGoesTrue[node] : x <= Thresholds[node];
            node = goesTrue ? TrueChildren[node] : FalseChildren[node];
        }

        return ~node;
    }

    /// <summary>The ONNX node id of a child reference.</summary>
    public int NodeId(int child) => child >= 0 ? child : BranchCount + ~child;
}
