using System.Text.Json;
using Mlops.Core.Api;
using Mlops.Core.Training.Data;

namespace Mlops.Core.Tests.Training.Data;

public sealed class DatasetProfilerTests
{
    [Fact]
    public void ProfileColumn_OneToTen_MatchesHandComputedStatistics()
    {
        var column = new NumericColumn("x", [5, 3, double.NaN, 1, 10, 2, 9, 4, 8, 6, 7]);

        var profile = DatasetProfiler.ProfileColumn(column, ColumnRole.Feature, bins: 4);

        Assert.Equal((11L, 1L), (profile.RowCount, profile.MissingCount));
        Assert.Equal(1.0 / 11, profile.MissingRate, 12);
        Assert.Equal((1d, 10d), (profile.Minimum, profile.Maximum));
        Assert.Equal(5.5, profile.Mean!.Value, 12);

        // Sample standard deviation: sqrt(sum((i - 5.5)^2) / 9) = sqrt(82.5 / 9).
        Assert.Equal(Math.Sqrt(82.5 / 9), profile.StandardDeviation!.Value, 12);

        // numpy.quantile(range(1, 11), [.25, .5, .75]) = [3.25, 5.5, 7.75].
        Assert.Equal([3.25, 5.5, 7.75], profile.BinEdges);
        Assert.Equal([3L, 2L, 2L, 3L], profile.BinCounts);
        Assert.Null(profile.Categories);
    }

    [Fact]
    public void ProfileColumn_DiscreteValues_DropsRepeatedAndMinimumCuts()
    {
        var column = new NumericColumn("calls", [0, 1, 0, 9, 0, 2, 0, 1, 5, 0]);

        var profile = DatasetProfiler.ProfileColumn(column, ColumnRole.Feature, bins: 4);

        // Quantiles at .25, .5, .75 are 0 (the minimum: dropped), 0.5 and 1.75.
        Assert.Equal([0.5, 1.75], profile.BinEdges);
        Assert.Equal([5L, 2L, 3L], profile.BinCounts);
        Assert.Equal(profile.RowCount, profile.BinCounts!.Sum());
    }

    [Fact]
    public void ProfileColumn_ConstantColumn_HasOneBinAndZeroSpread()
    {
        var profile = DatasetProfiler.ProfileColumn(new NumericColumn("c", [4, 4, 4]), ColumnRole.Feature);

        Assert.Empty(profile.BinEdges!);
        Assert.Equal([3L], profile.BinCounts);
        Assert.Equal(0, profile.StandardDeviation);
    }

    [Fact]
    public void ProfileColumn_OneValue_HasNoStandardDeviation()
    {
        var profile = DatasetProfiler.ProfileColumn(new NumericColumn("c", [7, double.NaN]), ColumnRole.Feature);

        Assert.Equal(7, profile.Mean);
        Assert.Null(profile.StandardDeviation);
    }

    [Fact]
    public void ProfileColumn_AllMissing_HasNoStatistics()
    {
        var profile = DatasetProfiler.ProfileColumn(new NumericColumn("c", [double.NaN, double.NaN]), ColumnRole.Feature);

        Assert.Equal((2L, 1d), (profile.MissingCount, profile.MissingRate));
        Assert.Null(profile.Mean);
        Assert.Null(profile.BinEdges);
    }

    [Fact]
    public void ProfileColumn_Categorical_KeepsTopCategoriesAndCountsTheRest()
    {
        var values = new[] { "a", "b", "a", "c", "a", "d", null, "b", "a", "c", "b", "a" };

        var profile = DatasetProfiler.ProfileColumn(CategoricalColumn.FromValues("k", values), ColumnRole.Feature, topCategories: 2);

        Assert.Equal([new CategoryFrequency("a", 5), new CategoryFrequency("b", 3)], profile.Categories);
        Assert.Equal(3, profile.OtherCount);
        Assert.Equal(4, profile.DistinctCount);
        Assert.Equal(1, profile.MissingCount);
        Assert.Null(profile.BinEdges);
    }

    [Fact]
    public void ProfileColumn_TiedCategories_AreOrderedByValue()
    {
        var profile = DatasetProfiler.ProfileColumn(CategoricalColumn.FromValues("k", ["z", "y", "x"]), ColumnRole.Feature);

        Assert.Equal(["x", "y", "z"], profile.Categories!.Select(c => c.Value));
    }

    [Fact]
    public void ProfileColumn_Boolean_CountsTrueAndFalse()
    {
        var profile = DatasetProfiler.ProfileColumn(new BooleanColumn("b", [true, false, true, null]), ColumnRole.Label);

        Assert.Equal([new CategoryFrequency("true", 2), new CategoryFrequency("false", 1)], profile.Categories);
        Assert.Equal(ColumnRole.Label, profile.Role);
    }

    [Fact]
    public void ProfileColumn_Timestamp_IsProfiledInUnixSeconds()
    {
        var epoch = DateTimeOffset.UnixEpoch;
        var column = new TimestampColumn("t", [epoch.AddSeconds(10), epoch.AddSeconds(30), null]);

        var profile = DatasetProfiler.ProfileColumn(column, ColumnRole.Feature);

        Assert.Equal((10d, 30d, 20d), (profile.Minimum, profile.Maximum, profile.Mean));
    }

    [Theory]
    [InlineData(-100, 0)]
    [InlineData(3.24, 0)]
    [InlineData(3.25, 1)]
    [InlineData(5.49, 1)]
    [InlineData(7.75, 3)]
    [InlineData(1e9, 3)]
    public void BinIndex_Value_FallsInLeftClosedBinWithOpenEnds(double value, int expected)
    {
        var profile = new FeatureProfile("x", ColumnKind.Numeric, ColumnRole.Feature, 0, 0, 0, BinEdges: [3.25, 5.5, 7.75]);

        Assert.Equal(expected, profile.BinIndex(value));
    }

    [Fact]
    public async Task Profile_Dataset_CoversFeaturesAndLabelButNotIds()
    {
        var columns = new Dictionary<string, ColumnOverride> { ["id"] = new(Role: ColumnRole.Id) };
        var data = (await TestFiles.ReadCsvAsync("id,a,b,y\n1,1.5,x,true\n2,2.5,y,false\n", TestFiles.Label("y", columns))).Data;

        var profile = DatasetProfiler.Profile(data, dataDigest: "abc");

        Assert.Equal(["a", "b", "y"], profile.Features.Select(f => f.Name));
        Assert.Equal((2L, "abc"), (profile.RowCount, profile.DataDigest));
        Assert.Equal(2.0, profile.Find("a")!.Mean);
    }

    [Fact]
    public async Task Profile_SerializedAsJson_RoundTrips()
    {
        using var file = await TestFiles.ChurnCsvAsync(300);
        var data = (await DatasetReader.ReadAsync(file, DataFormat.Csv, TestFiles.Label("churned"))).Data;
        var profile = DatasetProfiler.Profile(data, dataDigest: new string('a', 64));

        var json = JsonSerializer.Serialize(profile, MlopsJson.Options);
        var back = JsonSerializer.Deserialize<DatasetProfile>(json, MlopsJson.Options)!;

        Assert.Equal(json, JsonSerializer.Serialize(back, MlopsJson.Options));
        Assert.Contains("\"kind\":\"numeric\"", json, StringComparison.Ordinal);
        Assert.Equal(profile.Find("monthly_charges")!.BinEdges, back.Find("monthly_charges")!.BinEdges);
        Assert.Equal(10, back.Find("monthly_charges")!.BinCounts!.Count);
    }
}
