using Mlops.Core.Tests.Training.Data;
using Mlops.Core.Training.Data;
using Mlops.Core.Training.Demo;

namespace Mlops.Core.Tests.Training.Demo;

public sealed class ChurnDataGeneratorTests
{
    [Fact]
    public async Task WriteCsvAsync_SameSeed_SameBytes()
    {
        using var first = await TestFiles.ChurnCsvAsync(2000, seed: 11);
        using var second = await TestFiles.ChurnCsvAsync(2000, seed: 11);

        Assert.Equal(first.ToArray(), second.ToArray());
    }

    [Fact]
    public async Task WriteParquetAsync_SameSeed_SameBytes()
    {
        using var first = await TestFiles.ChurnParquetAsync(2000, seed: 11);
        using var second = await TestFiles.ChurnParquetAsync(2000, seed: 11);

        Assert.Equal(first.ToArray(), second.ToArray());
    }

    [Fact]
    public void Generate_DifferentSeeds_DifferentRows()
    {
        var first = ChurnDataGenerator.Generate(200, seed: 1).ToList();
        var second = ChurnDataGenerator.Generate(200, seed: 2).ToList();

        Assert.NotEqual(first, second);
        Assert.Equal(first.Select(r => r.CustomerId), second.Select(r => r.CustomerId));
    }

    [Fact]
    public void Generate_HasMissingValuesInSeveralColumns()
    {
        var rows = ChurnDataGenerator.Generate(5000, seed: 3).ToList();

        Assert.InRange(rows.Count(r => r.Age is null) / 5000.0, 0.01, 0.06);
        Assert.InRange(rows.Count(r => r.PaymentMethod is null) / 5000.0, 0.005, 0.05);
        Assert.Contains(rows, r => r.MonthlyCharges is null);
        Assert.Contains(rows, r => r.SupportCalls is null);
        Assert.All(rows.Where(r => r.TenureMonths == 0), r => Assert.Null(r.TotalCharges));
    }

    [Fact]
    public void Generate_LabelHasSignalFromTheFeatures()
    {
        var rows = ChurnDataGenerator.Generate(20_000, seed: 5).ToList();

        var rate = rows.Average(r => r.Churned ? 1.0 : 0);
        var monthToMonth = rows.Where(r => r.Contract == "month-to-month").Average(r => r.Churned ? 1.0 : 0);
        var twoYear = rows.Where(r => r.Contract == "two-year").Average(r => r.Churned ? 1.0 : 0);
        var shortTenure = rows.Where(r => r.TenureMonths < 6).Average(r => r.Churned ? 1.0 : 0);
        var longTenure = rows.Where(r => r.TenureMonths >= 36).Average(r => r.Churned ? 1.0 : 0);

        Assert.InRange(rate, 0.15, 0.45);
        Assert.True(monthToMonth > twoYear + 0.2, $"month-to-month {monthToMonth:P1} vs two-year {twoYear:P1}");
        Assert.True(shortTenure > longTenure + 0.15, $"tenure < 6: {shortTenure:P1} vs >= 36: {longTenure:P1}");
    }

    [Fact]
    public async Task Generate_Drift_ShiftsDistributionsMeasurably()
    {
        var baselineData = await ReadAsync(drift: false, seed: 9);
        var driftedData = await ReadAsync(drift: true, seed: 9);
        var baseline = DatasetProfiler.Profile(baselineData);
        var drifted = DatasetProfiler.Profile(driftedData);

        Assert.True(drifted.Find("monthly_charges")!.Mean > baseline.Find("monthly_charges")!.Mean + 10);
        Assert.True(drifted.Find("support_calls")!.Mean > baseline.Find("support_calls")!.Mean * 1.5);
        Assert.True(drifted.Find("age")!.Mean < baseline.Find("age")!.Mean - 5);
        Assert.True(Share(drifted, "contract", "month-to-month") > Share(baseline, "contract", "month-to-month") + 0.1);

        // The shift shows in the reference bins drift monitoring uses: PSI well above the 0.25 "significant" mark.
        Assert.True(Psi(baseline.Find("monthly_charges")!, driftedData.GetColumn("monthly_charges")) > 0.25);
    }

    [Fact]
    public async Task Generate_NoDrift_AnotherSampleStaysClose()
    {
        var baseline = DatasetProfiler.Profile(await ReadAsync(drift: false, seed: 1));
        var againData = await ReadAsync(drift: false, seed: 2);

        Assert.True(Psi(baseline.Find("monthly_charges")!, againData.GetColumn("monthly_charges")) < 0.1);
    }

    private static async Task<TabularDataset> ReadAsync(bool drift, int seed)
    {
        using var file = await TestFiles.ChurnCsvAsync(10_000, seed, drift);
        return (await DatasetReader.ReadAsync(file, DataFormat.Csv, TestFiles.Label(ChurnDataGenerator.LabelColumn))).Data;
    }

    private static double Share(DatasetProfile profile, string column, string value)
    {
        var feature = profile.Find(column)!;
        return (double)feature.Categories!.Single(c => c.Value == value).Count / (feature.RowCount - feature.MissingCount);
    }

    // Population stability index of current values binned with the reference profile's edges.
    private static double Psi(FeatureProfile reference, DatasetColumn current)
    {
        var values = ((NumericColumn)current).Values.ToArray().Where(v => !double.IsNaN(v)).ToList();
        var counts = new double[reference.BinCounts!.Count];
        foreach (var value in values)
        {
            counts[reference.BinIndex(value)]++;
        }

        var referenceTotal = reference.BinCounts.Sum();
        double psi = 0;
        for (var i = 0; i < counts.Length; i++)
        {
            var expected = Math.Max(reference.BinCounts[i] / (double)referenceTotal, 1e-4);
            var actual = Math.Max(counts[i] / values.Count, 1e-4);
            psi += (actual - expected) * Math.Log(actual / expected);
        }

        return psi;
    }
}
