using Mlops.Core.Features;

namespace Mlops.Core.Tests.Features;

public sealed class FeatureEngineTests
{
    private static readonly DateTimeOffset T0 = FeatureTestData.Day0;

    private static SourceBatch Batch(params (string Driver, int Minutes, double Trips, double Fare)[] rows) => new(
        ["driver_id"],
        [rows.Select(r => r.Driver).ToArray()],
        rows.Select(r => T0.AddMinutes(r.Minutes)).ToArray(),
        new Dictionary<string, double[]> { ["trips"] = rows.Select(r => r.Trips).ToArray(), ["fare"] = rows.Select(r => r.Fare).ToArray() },
        new Dictionary<string, string?[]>());

    private static FeatureViewDefinition View(params FeatureDefinition[] features) =>
        FeatureViewValidator.Validate(FeatureTestData.Drivers("drivers") with { Features = features });

    private static double[] Values(FeatureFrame frame, string feature) => frame.FindFeature(feature)!.Numbers!;

    [Fact]
    public void Transform_DerivedExpressions_ComputePerRowAndMissingForInvalid()
    {
        var view = View(
            new FeatureDefinition("ratio", Expression: "ratio(fare, trips)"),
            new FeatureDefinition("log", Expression: "log(fare)"),
            new FeatureDefinition("arith", Expression: "(fare - 1) * 2 + trips / 4"),
            new FeatureDefinition("bucket", Expression: "bucketize(fare, 10, 20, 30)"));
        var batch = Batch(("a", 0, 4, 25), ("b", 1, 0, 0), ("c", 2, 2, double.NaN));

        var frame = FeatureEngine.Transform(view, batch, T0, T0.AddDays(1));

        Assert.Equal([6.25, double.NaN, double.NaN], Values(frame, "ratio"));
        Assert.Equal(Math.Log(25), Values(frame, "log")[0], 12);
        Assert.True(double.IsNaN(Values(frame, "log")[1]));
        Assert.Equal([49, -2, double.NaN], Values(frame, "arith"));
        Assert.Equal([2, 0, double.NaN], Values(frame, "bucket"));
    }

    [Fact]
    public void Transform_BucketizeOnBoundary_GoesToTheUpperBucket()
    {
        var view = View(new FeatureDefinition("bucket", Expression: "bucketize(fare, 10, 20)"));

        var frame = FeatureEngine.Transform(view, Batch(("a", 0, 0, 9.99), ("a", 1, 0, 10), ("a", 2, 0, 20), ("a", 3, 0, 1e9)), T0, T0.AddDays(1));

        Assert.Equal([0, 1, 2, 2], Values(frame, "bucket"));
    }

    [Fact]
    public void Transform_WindowedAggregates_SeeOnlyTheEntitysRowsInTheTrailingWindow()
    {
        var view = View(
            new FeatureDefinition("sum_1h", Column: "trips", Aggregation: FeatureAggregation.Sum, Window: "1h"),
            new FeatureDefinition("count_1h", Aggregation: FeatureAggregation.Count, Window: "1h"),
            new FeatureDefinition("mean_1h", Column: "trips", Aggregation: FeatureAggregation.Mean, Window: "1h"),
            new FeatureDefinition("min_1h", Column: "trips", Aggregation: FeatureAggregation.Min, Window: "1h"),
            new FeatureDefinition("max_1h", Column: "trips", Aggregation: FeatureAggregation.Max, Window: "1h"));

        // Driver a at 0, 30, 60 (exactly one hour after the first: the first drops out), 61; driver b interleaved.
        var batch = Batch(("a", 60, 5, 0), ("b", 10, 100, 0), ("a", 0, 1, 0), ("a", 30, 3, 0), ("a", 61, 2, 0));

        var frame = FeatureEngine.Transform(view, batch, T0, T0.AddDays(1));

        Assert.Equal(["a", "a", "a", "a", "b"], frame.EntityColumns[0]);
        Assert.Equal([0, 30, 60, 61, 10], frame.EventTimestamps.Select(t => (int)(t - T0).TotalMinutes));
        Assert.Equal([1, 4, 8, 10, 100], Values(frame, "sum_1h"));
        Assert.Equal([1, 2, 2, 3, 1], Values(frame, "count_1h"));
        Assert.Equal([1, 2, 4, 10 / 3.0, 100], Values(frame, "mean_1h"));
        Assert.Equal([1, 1, 3, 2, 100], Values(frame, "min_1h"));
        Assert.Equal([1, 3, 5, 5, 100], Values(frame, "max_1h"));
    }

    [Fact]
    public void Transform_RowsAtTheSameTime_AllCountForEachOfThem()
    {
        var view = View(new FeatureDefinition("sum_1h", Column: "trips", Aggregation: FeatureAggregation.Sum, Window: "1h"));

        var frame = FeatureEngine.Transform(view, Batch(("a", 5, 1, 0), ("a", 5, 2, 0)), T0, T0.AddDays(1));

        Assert.Equal([3, 3], Values(frame, "sum_1h"));
    }

    [Fact]
    public void Transform_MissingValues_SkippedByAggregates()
    {
        var view = View(
            new FeatureDefinition("count_1h", Column: "trips", Aggregation: FeatureAggregation.Count, Window: "1h"),
            new FeatureDefinition("mean_1h", Column: "trips", Aggregation: FeatureAggregation.Mean, Window: "1h"),
            new FeatureDefinition("max_1h", Column: "trips", Aggregation: FeatureAggregation.Max, Window: "1h"));

        var frame = FeatureEngine.Transform(view, Batch(("a", 0, double.NaN, 0), ("a", 1, 4, 0), ("a", 2, double.NaN, 0)), T0, T0.AddDays(1));

        Assert.Equal([0, 1, 1], Values(frame, "count_1h"));
        Assert.Equal([double.NaN, 4, 4], Values(frame, "mean_1h"));
        Assert.Equal([double.NaN, 4, 4], Values(frame, "max_1h"));
    }

    [Fact]
    public void Transform_OutputRange_KeepsRowsInRangeButUsesEarlierRowsAsHistory()
    {
        var view = View(new FeatureDefinition("sum_1d", Column: "trips", Aggregation: FeatureAggregation.Sum, Window: "1d"));
        var batch = Batch(("a", -60, 10, 0), ("a", 30, 1, 0), ("a", 24 * 60 + 30, 100, 0));

        var frame = FeatureEngine.Transform(view, batch, T0, T0.AddDays(1));

        Assert.Equal(1, frame.RowCount);
        Assert.Equal(11, Values(frame, "sum_1d")[0]);
    }

    [Fact]
    public void Transform_SameBatchTwice_GivesIdenticalFrames()
    {
        var view = FeatureViewValidator.Validate(FeatureTestData.Drivers("drivers") with
        {
            Features = [.. FeatureTestData.Drivers("drivers").Features.Where(f => f.ValueType == FeatureValueType.Number)],
        });
        var random = new Random(7);
        var rows = Enumerable.Range(0, 2000).Select(i => ($"d{random.Next(50)}", random.Next(0, 3000), (double)random.Next(0, 5), random.NextDouble() * 50)).ToArray();

        var first = FeatureEngine.Transform(view, Batch(rows), T0, T0.AddDays(2));
        var second = FeatureEngine.Transform(view, Batch(rows), T0, T0.AddDays(2));

        Assert.Equal(first.EntityColumns[0], second.EntityColumns[0]);
        foreach (var column in first.Features)
        {
            Assert.Equal(column.Numbers, second.FindFeature(column.Name)!.Numbers);
        }
    }

    [Fact]
    public void Transform_RandomData_AggregatesMatchABruteForceScan()
    {
        var view = View(
            new FeatureDefinition("sum_1h", Column: "fare", Aggregation: FeatureAggregation.Sum, Window: "1h"),
            new FeatureDefinition("min_1h", Column: "fare", Aggregation: FeatureAggregation.Min, Window: "1h"),
            new FeatureDefinition("max_1h", Column: "fare", Aggregation: FeatureAggregation.Max, Window: "1h"));
        var random = new Random(11);
        var rows = Enumerable.Range(0, 600).Select(_ => ($"d{random.Next(5)}", random.Next(0, 600), 0.0, (double)random.Next(-50, 50))).ToArray();

        var frame = FeatureEngine.Transform(view, Batch(rows), T0, T0.AddDays(1));

        for (var i = 0; i < frame.RowCount; i++)
        {
            var driver = frame.EntityColumns[0][i];
            var time = frame.EventTimestamps[i];
            var window = rows.Where(r => r.Item1 == driver && T0.AddMinutes(r.Item2) <= time && T0.AddMinutes(r.Item2) > time.AddHours(-1)).Select(r => r.Item4).ToArray();
            Assert.Equal(window.Sum(), Values(frame, "sum_1h")[i], 9);
            Assert.Equal(window.Min(), Values(frame, "min_1h")[i]);
            Assert.Equal(window.Max(), Values(frame, "max_1h")[i]);
        }
    }
}
