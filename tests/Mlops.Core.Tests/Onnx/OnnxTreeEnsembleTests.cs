using Mlops.Core.Onnx;

namespace Mlops.Core.Tests.Onnx;

public sealed class OnnxTreeEnsembleTests
{
    // Target 0: an unbalanced tree (a chain down the false side) and a single leaf; target 1: a stump whose NaNs go true.
    private static readonly OnnxTreeEnsemble Ensemble = new(
        featureCount: 3,
        baseValues: [0.5f, -1f],
        trees:
        [
            // Branch 0: x0 <= 0 ? leaf 0 : branch 1; branch 1: x1 <= 1 ? leaf 1 : branch 2; branch 2: x2 <= 2 ? leaf 2 : leaf 3.
            new OnnxTree(0, [0, 1, 2], [0f, 1f, 2f], [~0, ~1, ~2], [1, 2, ~3], [false, false, true], [1f, 2f, 3f, 4f]),
            new OnnxTree(0, [], [], [], [], [], [10f]),
            new OnnxTree(1, [2], [0.5f], [~0], [~1], [true], [-3f, 3f]),
        ]);

    public static TheoryData<float[]> Rows() => new()
    {
        new[] { -1f, 0f, 0f },
        new[] { 1f, 0.5f, 0f },
        new[] { 1f, 5f, 1f },
        new[] { 1f, 5f, 3f },
        new[] { float.NaN, 0f, 0f },
        new[] { 1f, 5f, float.NaN },
        new[] { 0f, 1f, 0.5f },
    };

    [Theory]
    [MemberData(nameof(Rows))]
    public void WriteRegressorAttributes_AnyRow_OnnxRuntimeMatchesReference(float[] row)
    {
        using var runner = new OrtTestRunner(Model());

        var output = runner.RunFloats(OrtTestRunner.Floats("x", row, 1, 3))["y"];
        var expected = Ensemble.Score(row);

        Assert.Equal([1, 2], output.Dimensions.ToArray());
        Assert.Equal(expected[0], output[0, 0], 1e-6);
        Assert.Equal(expected[1], output[0, 1], 1e-6);
    }

    [Fact]
    public void Score_KnownRows_FollowThresholdsAndMissingRules()
    {
        // x0 NaN goes false (to branch 1), x1 = 0 <= 1: leaf 1 (2); plus the single leaf 10 and the base 0.5.
        Assert.Equal(12.5, Ensemble.Score([float.NaN, 0f, 0f])[0], 1e-9);

        // x2 NaN goes true at branch 2: leaf 2 (3), and true in the stump: -3.
        var scores = Ensemble.Score([1f, 5f, float.NaN]);
        Assert.Equal(13.5, scores[0], 1e-9);
        Assert.Equal(-4, scores[1], 1e-9);

        // Equal to the threshold goes true.
        Assert.Equal(12.5, Ensemble.Score([0.5f, 1f, 0f])[0], 1e-9);
    }

    [Fact]
    public void Constructor_ChildOutsideTree_Throws()
    {
        Assert.Throws<ArgumentException>(() => new OnnxTree(0, [0], [0f], [~0], [~5], [false], [1f, 2f]));
    }

    [Fact]
    public void Constructor_TreeForMissingTarget_Throws()
    {
        Assert.Throws<ArgumentException>(() => new OnnxTreeEnsemble(1, [0f], [new OnnxTree(1, [], [], [], [], [], [1f])]));
    }

    [Fact]
    public void Leaves_FoldBaseValues_AddsEachBaseOnceToItsTargetsFirstTree()
    {
        var leaves = Ensemble.Leaves(foldBaseValues: true).ToList();

        Assert.Equal(1.5f, leaves.Single(l => l.Tree == 0 && l.Node == 3).Value);
        Assert.Equal(10f, leaves.Single(l => l.Tree == 1).Value);
        Assert.Equal(-4f, leaves.Single(l => l.Tree == 2 && l.Node == 1).Value);
    }

    private static byte[] Model() =>
        new OnnxModelBuilder()
            .Input("x", TensorElementKind.Float, -1, 3)
            .Node("TreeEnsembleRegressor", ["x"], ["y"], a => Ensemble.WriteRegressorAttributes(a), OnnxDomains.Ml)
            .Output("y", TensorElementKind.Float, -1, 2)
            .ToBytes();
}
