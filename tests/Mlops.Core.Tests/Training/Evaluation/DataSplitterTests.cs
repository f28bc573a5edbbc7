using Mlops.Core.Diagnostics;
using Mlops.Core.Training.Evaluation;

namespace Mlops.Core.Tests.Training.Evaluation;

public sealed class DataSplitterTests
{
    [Fact]
    public void Split_RandomSameSeed_SameParts()
    {
        var options = new SplitOptions(SplitStrategy.Random, 0.2, 0.1);

        var first = DataSplitter.Split(100, options, seed: 7);
        var second = DataSplitter.Split(100, options, seed: 7);

        Assert.Equal(first.Train, second.Train);
        Assert.Equal(first.Validation, second.Validation);
        Assert.Equal(first.Test, second.Test);
    }

    [Fact]
    public void Split_RandomDifferentSeeds_DifferentParts()
    {
        var options = new SplitOptions(SplitStrategy.Random, 0.2, 0.1);

        var first = DataSplitter.Split(100, options, seed: 7);
        var second = DataSplitter.Split(100, options, seed: 8);

        Assert.NotEqual(first.Test, second.Test);
    }

    [Fact]
    public void Split_Random_PartsAreSortedDisjointAndCoverEveryRowAtTheFractions()
    {
        var split = DataSplitter.Split(1000, new SplitOptions(SplitStrategy.Random, 0.15, 0.25), seed: 1);

        Assert.Equal(150, split.Validation.Count);
        Assert.Equal(250, split.Test.Count);
        Assert.Equal(Enumerable.Range(0, 1000), split.Train.Concat(split.Validation).Concat(split.Test).Order());
        Assert.Equal(split.Train.Order(), split.Train);
        Assert.Equal(split.Test.Order(), split.Test);
    }

    [Fact]
    public void Split_NoValidation_ValidationEmpty()
    {
        var split = DataSplitter.Split(10, new SplitOptions(SplitStrategy.Random, 0, 0.2), seed: 1);

        Assert.Empty(split.Validation);
        Assert.Equal(2, split.Test.Count);
        Assert.Equal(8, split.Train.Count);
    }

    [Fact]
    public void Split_Stratified_KeepsClassBalanceInEveryPart()
    {
        // 80% class 0, 20% class 1.
        var classes = Enumerable.Range(0, 500).Select(i => i % 5 == 0 ? 1 : 0).ToArray();

        var split = DataSplitter.Split(500, new SplitOptions(SplitStrategy.Stratified, 0.2, 0.2), seed: 3, classes);

        foreach (var part in new[] { split.Train, split.Validation, split.Test })
        {
            Assert.Equal(0.2, part.Average(r => (double)classes[r]), 2);
        }

        Assert.Equal(Enumerable.Range(0, 500), split.Train.Concat(split.Validation).Concat(split.Test).Order());
    }

    [Fact]
    public void Split_StratifiedTinyClass_KeepsItsRowsForTraining()
    {
        int[] classes = [0, 0, 0, 0, 0, 0, 0, 0, 0, 1];

        var split = DataSplitter.Split(10, new SplitOptions(SplitStrategy.Stratified, 0.2, 0.2), seed: 3, classes);

        Assert.Contains(9, split.Train);
    }

    [Fact]
    public void Split_StratifiedWithoutClasses_ThrowsValidation()
    {
        var ex = Assert.Throws<MlopsException>(() => DataSplitter.Split(10, new SplitOptions(SplitStrategy.Stratified), seed: 1));

        Assert.Equal("split.strategy", ex.Field);
    }

    [Fact]
    public void Split_Time_LatestRowsTestEarliestTrain()
    {
        var start = new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);

        // Rows in reverse time order; rows 4 and 5 share a time, so they keep file order (4 trains, 5 validates).
        DateTimeOffset?[] times = [.. Enumerable.Range(0, 10).Select(i => (DateTimeOffset?)start.AddDays(9 - i))];
        times[5] = times[4];

        var split = DataSplitter.Split(10, new SplitOptions(SplitStrategy.Time, 0.2, 0.3, "signup"), seed: 99, times: times);

        Assert.Equal([0, 1, 2], split.Test);
        Assert.Equal([3, 5], split.Validation);
        Assert.Equal([4, 6, 7, 8, 9], split.Train);
    }

    [Fact]
    public void Split_TimeIgnoresSeed()
    {
        var times = Enumerable.Range(0, 20).Select(i => (DateTimeOffset?)DateTimeOffset.UnixEpoch.AddHours(i)).ToArray();
        var options = new SplitOptions(SplitStrategy.Time, 0.1, 0.1, "t");

        Assert.Equal(DataSplitter.Split(20, options, 1, times: times).Test, DataSplitter.Split(20, options, 2, times: times).Test);
    }

    [Fact]
    public void Split_TimeWithMissingTimes_ThrowsValidation()
    {
        DateTimeOffset?[] times = [DateTimeOffset.UnixEpoch, null, DateTimeOffset.UnixEpoch];

        var ex = Assert.Throws<MlopsException>(() => DataSplitter.Split(3, new SplitOptions(SplitStrategy.Time, 0, 0.3, "signup"), seed: 1, times: times));

        Assert.Equal("split.timeColumn", ex.Field);
        Assert.Contains("'signup'", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(-0.1, 0.2, "split.validationFraction")]
    [InlineData(0.2, 1.0, "split.testFraction")]
    [InlineData(double.NaN, 0.2, "split.validationFraction")]
    [InlineData(0.5, 0.5, "split.testFraction")]
    public void Split_BadFractions_ThrowsValidationNamingField(double validation, double test, string field)
    {
        var ex = Assert.Throws<MlopsException>(() => DataSplitter.Split(100, new SplitOptions(SplitStrategy.Random, validation, test), seed: 1));

        Assert.Equal(ErrorCategory.Validation, ex.Category);
        Assert.Equal(field, ex.Field);
    }

    [Fact]
    public void Split_TooFewRows_ThrowsValidation()
    {
        var ex = Assert.Throws<MlopsException>(() => DataSplitter.Split(2, new SplitOptions(SplitStrategy.Random, 0.1, 0.1), seed: 1));

        Assert.Equal("split", ex.Field);
    }
}
