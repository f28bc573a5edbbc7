using Mlops.Core.Monitoring.Drift;
using Mlops.Core.Training.Data;
using static Mlops.Core.Tests.Monitoring.Drift.DriftTestData;

namespace Mlops.Core.Tests.Monitoring.Drift;

public sealed class ReferenceSamplerTests
{
    [Fact]
    public void Sample_LargeColumn_BoundedSortedAndFromTheData()
    {
        var values = Normal(1, 20_000, 0, 1);
        var data = Dataset([Numbers("x", values), Text("c", Categories(2, 20_000, ("a", 1)))]);

        var sample = ReferenceSampler.Sample(data, maxValuesPerColumn: 1000);

        var x = sample.Columns["x"];
        Assert.Equal(1000, x.Count);
        Assert.Equal(x.Order(), x);
        Assert.All(x, v => Assert.Contains(v, values));
        Assert.False(sample.Columns.ContainsKey("c"));
    }

    [Fact]
    public void Sample_SameSeed_SameSample()
    {
        var data = Dataset([Numbers("x", Normal(1, 20_000, 0, 1))]);

        var first = ReferenceSampler.Sample(data, 500, seed: 7).Columns["x"];
        var again = ReferenceSampler.Sample(data, 500, seed: 7).Columns["x"];
        var other = ReferenceSampler.Sample(data, 500, seed: 8).Columns["x"];

        Assert.Equal(first, again);
        Assert.NotEqual(first, other);
    }

    [Fact]
    public void Sample_SmallColumn_KeepsEveryFiniteValue()
    {
        var data = Dataset([Numbers("x", [3, double.NaN, 1, double.PositiveInfinity, 2])], Numbers("y", [1, 2, 3, 4, 5]));

        var sample = ReferenceSampler.Sample(data);

        Assert.Equal([1.0, 2, 3], sample.Columns["x"]);
        Assert.Equal([1.0, 2, 3, 4, 5], sample.Columns["y"]);
    }

    [Fact]
    public void Sample_Reservoir_IsUniformOverRows()
    {
        // Values 0…9,999 in order: a uniform sample of 2,000 has mean near 5,000 (standard error about 65), where a
        // sampler favouring early or late rows would not.
        var data = Dataset([Numbers("x", [.. Enumerable.Range(0, 10_000).Select(i => (double)i)])]);

        var sample = ReferenceSampler.Sample(data, 2000).Columns["x"];

        Assert.InRange(sample.Average(), 4700, 5300);
        Assert.Equal(2000, sample.Distinct().Count());
    }

    [Fact]
    public void FromBins_NormalProfile_RebuildsMeanAndVariance()
    {
        var data = Dataset([Numbers("x", Normal(1, 40_000, 50, 8))]);
        var profile = DatasetProfiler.Profile(data).Features[0];
        var n = profile.RowCount;
        var variance = profile.StandardDeviation!.Value * profile.StandardDeviation.Value * (n - 1) / n;

        var values = ReferenceColumn.FromBins(profile.Minimum!.Value, profile.Maximum!.Value, profile.BinEdges!, profile.BinCounts!, profile.Mean, variance, 5000);

        Assert.Equal(values.Order(), values);
        Assert.InRange(values.Average(), profile.Mean!.Value - 0.1, profile.Mean.Value + 0.1);
        Assert.InRange(ReferenceColumn.PopulationStandardDeviation(values), 7.8, 8.2);
        Assert.True(values[0] >= profile.Minimum && values[^1] <= profile.Maximum);
    }
}
