using Mlops.Core.Onnx.Samples;

namespace Mlops.Core.Tests.Onnx;

public sealed class SampleModelsTests
{
    private const float Tolerance = 1e-5f;

    [Fact]
    public void LinearRegressor_Rows_ComputesDotProductPlusBias()
    {
        float[] weights = [0.5f, -2f, 3f];
        using var runner = new OrtTestRunner(SampleModels.LinearRegressor(weights, bias: 1.5f));
        float[] rows = [1f, 2f, 3f, /* row 2 */ -1f, 0.25f, 0f];

        var output = runner.RunFloats(OrtTestRunner.Floats("features", rows, 2, 3))["variable"];

        Assert.Equal([2, 1], output.Dimensions.ToArray());
        Assert.Equal((0.5f * 1) + (-2f * 2) + (3f * 3) + 1.5f, output[0, 0], Tolerance);
        Assert.Equal((0.5f * -1) + (-2f * 0.25f) + 1.5f, output[1, 0], Tolerance);
    }

    [Theory]
    [InlineData(100, 8, 4, 42)]
    [InlineData(7, 3, 2, 1)]
    [InlineData(20, 12, 6, 2026)]
    public void TreeEnsembleRegressor_RandomRows_MatchesReferenceEvaluator(int trees, int features, int depth, int seed)
    {
        var ensemble = SampleModels.TreeEnsemble(trees, features, depth, seed);
        using var runner = new OrtTestRunner(SampleModels.TreeEnsembleRegressor(trees, features, depth, seed));
        var rows = RandomRows(64, features, seed + 1);

        var output = runner.RunFloats(OrtTestRunner.Floats("features", rows, 64, features))["variable"];

        Assert.Equal([64, 1], output.Dimensions.ToArray());
        for (var r = 0; r < 64; r++)
        {
            Assert.Equal(ensemble.Score(rows.AsSpan(r * features, features)), output[r, 0], Tolerance);
        }
    }

    [Fact]
    public void TreeEnsembleRegressor_SingleRow_MatchesReferenceEvaluator()
    {
        var ensemble = SampleModels.TreeEnsemble();
        using var runner = new OrtTestRunner(SampleModels.TreeEnsembleRegressor());
        var row = RandomRows(1, 8, 7);

        var output = runner.RunFloats(OrtTestRunner.Floats("features", row, 1, 8))["variable"];

        Assert.Equal(ensemble.Score(row), output[0, 0], Tolerance);
    }

    [Fact]
    public void TreeEnsembleRegressor_NaNFeatures_FollowMissingValueRule()
    {
        var ensemble = SampleModels.TreeEnsemble(trees: 50, features: 4, depth: 5, seed: 9);
        using var runner = new OrtTestRunner(SampleModels.TreeEnsembleRegressor(trees: 50, features: 4, depth: 5, seed: 9));
        var rows = RandomRows(16, 4, 10);
        for (var r = 0; r < 16; r++)
        {
            rows[(r * 4) + (r % 4)] = float.NaN;
        }

        var output = runner.RunFloats(OrtTestRunner.Floats("features", rows, 16, 4))["variable"];

        for (var r = 0; r < 16; r++)
        {
            Assert.Equal(ensemble.Score(rows.AsSpan(r * 4, 4)), output[r, 0], Tolerance);
        }
    }

    [Fact]
    public void TreeEnsemble_SameSeed_IsDeterministic()
    {
        Assert.Equal(SampleModels.TreeEnsembleRegressor(seed: 5), SampleModels.TreeEnsembleRegressor(seed: 5));
        Assert.NotEqual(SampleModels.TreeEnsembleRegressor(seed: 5), SampleModels.TreeEnsembleRegressor(seed: 6));
    }

    [Fact]
    public void TreeEnsembleClassifier_RandomRows_MatchesReferenceProbabilitiesAndLabels()
    {
        var ensemble = SampleModels.TreeEnsemble(trees: 30, features: 5, depth: 3, seed: 3);
        using var runner = new OrtTestRunner(SampleModels.TreeEnsembleClassifier(trees: 30, features: 5, depth: 3, seed: 3));
        var rows = RandomRows(64, 5, 4);

        var (labels, probabilities) = runner.RunClassifier(OrtTestRunner.Floats("features", rows, 64, 5));

        Assert.Equal([64, 2], probabilities.Dimensions.ToArray());
        var positives = 0;
        for (var r = 0; r < 64; r++)
        {
            var expected = ensemble.Probability(rows.AsSpan(r * 5, 5));
            Assert.Equal(expected, probabilities[r, 1], Tolerance);
            Assert.Equal(1 - expected, probabilities[r, 0], Tolerance);
            Assert.Equal(expected > 0.5f ? 1L : 0L, labels[r]);
            positives += (int)labels[r];
        }

        Assert.InRange(positives, 1, 63);
    }

    [Fact]
    public void TreeEnsembleClassifier_ZipMap_GivesOneMapPerRow()
    {
        var ensemble = SampleModels.TreeEnsemble(trees: 10, features: 3, depth: 3, seed: 11);
        using var runner = new OrtTestRunner(ensemble.ToBinaryClassifierOnnx(zipMap: true));
        var rows = RandomRows(4, 3, 12);

        var maps = runner.RunZipMap(OrtTestRunner.Floats("features", rows, 4, 3));

        Assert.Equal(4, maps.Count);
        for (var r = 0; r < 4; r++)
        {
            Assert.Equal(ensemble.Probability(rows.AsSpan(r * 3, 3)), maps[r][1], Tolerance);
            Assert.Equal(1 - maps[r][1], maps[r][0], Tolerance);
        }
    }

    [Fact]
    public void NamedColumns_OneInputPerColumn_ScoresEachRow()
    {
        using var runner = new OrtTestRunner(SampleModels.NamedColumns());
        float[] ages = [30f, 51f, 18f, 70f];
        float[] incomes = [40_000f, 120_000f, 0f, 55_000f];
        string[] plans = ["basic", "enterprise", "pro", "unknown-plan"];

        var output = runner.RunFloats(
            OrtTestRunner.Floats("age", ages, 4, 1),
            OrtTestRunner.Floats("income", incomes, 4, 1),
            OrtTestRunner.Strings("plan", plans, 4, 1))["score"];

        Assert.Equal([4, 1], output.Dimensions.ToArray());
        for (var r = 0; r < 4; r++)
        {
            Assert.Equal(NamedColumnsModel.Score(ages[r], incomes[r], plans[r]), output[r, 0], 1e-4f);
        }
    }

    private static float[] RandomRows(int rows, int features, int seed)
    {
        var random = new Random(seed);
        var values = new float[rows * features];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = (float)((random.NextDouble() * 2.4) - 1.2);
        }

        return values;
    }
}
