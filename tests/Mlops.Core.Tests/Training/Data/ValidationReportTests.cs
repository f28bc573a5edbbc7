using System.Globalization;
using System.Text;
using Mlops.Core.Training.Data;

namespace Mlops.Core.Tests.Training.Data;

public sealed class ValidationReportTests
{
    [Fact]
    public async Task ReadAsync_MissingValues_AreCountedPerColumn()
    {
        var csv = "a,b,y\n1,x,true\n,NA,false\n3,,true\nN/A,z,false\n";

        var report = (await TestFiles.ReadCsvAsync(csv, TestFiles.Label("y"))).Report;

        Assert.Equal(4, report.RowCount);
        Assert.Equal((2L, 0.5), (report.FindColumn("a")!.MissingCount, report.FindColumn("a")!.MissingRate));
        Assert.Equal((2L, 0.5), (report.FindColumn("b")!.MissingCount, report.FindColumn("b")!.MissingRate));
        Assert.Equal(0, report.FindColumn("y")!.MissingCount);
        Assert.Contains(report.Warnings, w => w.Code == DataWarningCode.HighMissingRate && w.Column == "a");
    }

    [Fact]
    public async Task ReadAsync_ConstantFeature_IsWarned()
    {
        var report = (await TestFiles.ReadCsvAsync("k,c,y\n1,same,true\n2,same,false\n3,,true\n", TestFiles.Label("y"))).Report;

        Assert.True(report.FindColumn("c")!.IsConstant);
        Assert.False(report.FindColumn("k")!.IsConstant);
        Assert.Equal("c", Assert.Single(report.Warnings, w => w.Code == DataWarningCode.ConstantColumn).Column);
    }

    [Fact]
    public async Task ReadAsync_DuplicateRows_AreCountedIgnoringIds()
    {
        var columns = new Dictionary<string, ColumnOverride> { ["id"] = new(Role: ColumnRole.Id) };
        var csv = "id,a,b,y\n1,1,x,true\n2,1,x,true\n3,1,x,false\n4,2,x,true\n5,1,x,true\n6,,x,true\n7,,x,true\n";

        var report = (await TestFiles.ReadCsvAsync(csv, TestFiles.Label("y", columns))).Report;

        Assert.Equal(3, report.DuplicateRowCount);
        Assert.Contains(report.Warnings, w => w.Code == DataWarningCode.DuplicateRows && w.Message.StartsWith("3 of 7 rows", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ReadAsync_NoDuplicates_NoWarning()
    {
        var report = (await TestFiles.ReadCsvAsync("a,y\n1,true\n2,true\n1,false\n", TestFiles.Label("y"))).Report;

        Assert.Equal(0, report.DuplicateRowCount);
        Assert.DoesNotContain(report.Warnings, w => w.Code == DataWarningCode.DuplicateRows);
    }

    [Fact]
    public async Task ReadAsync_LabelBalance_IsCountedMostFrequentFirst()
    {
        var csv = new StringBuilder("x,y\n");
        var labels = Enumerable.Repeat("cat", 6).Concat(Enumerable.Repeat("dog", 3)).Append("emu").Append(string.Empty);
        var i = 0;
        foreach (var label in labels)
        {
            csv.Append(i++).Append(',').Append(label).Append('\n');
        }

        var report = (await TestFiles.ReadCsvAsync(csv.ToString(), TestFiles.Label("y"))).Report;

        Assert.Equal(
            [new LabelClassCount("cat", 6, 0.6), new LabelClassCount("dog", 3, 0.3), new LabelClassCount("emu", 1, 0.1)],
            report.LabelBalance);
        Assert.Contains(report.Warnings, w => w.Code == DataWarningCode.MissingLabels && w.Column == "y");
        Assert.DoesNotContain(report.Warnings, w => w.Code == DataWarningCode.LabelImbalance);
    }

    [Fact]
    public async Task ReadAsync_RareClass_IsWarnedAsImbalance()
    {
        var csv = new StringBuilder("x,y\n");
        for (var i = 0; i < 100; i++)
        {
            csv.Append(i).Append(i < 3 ? ",true\n" : ",false\n");
        }

        var report = (await TestFiles.ReadCsvAsync(csv.ToString(), TestFiles.Label("y"))).Report;

        Assert.Equal([new LabelClassCount("false", 97, 0.97), new LabelClassCount("true", 3, 0.03)], report.LabelBalance);
        Assert.Contains(report.Warnings, w => w.Code == DataWarningCode.LabelImbalance && w.Message.Contains("'true'", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ReadAsync_RegressionLabel_HasNoBalance()
    {
        var csv = new StringBuilder("x,price\n");
        for (var i = 0; i < 50; i++)
        {
            csv.Append(i % 7).Append(',').Append((i * 1.5).ToString(CultureInfo.InvariantCulture)).Append('\n');
        }

        var report = (await TestFiles.ReadCsvAsync(csv.ToString(), TestFiles.Label("price"))).Report;

        Assert.Null(report.LabelBalance);
    }

    [Fact]
    public async Task ReadAsync_NumericLabelWithFewValues_HasBalance()
    {
        var report = (await TestFiles.ReadCsvAsync("x,y\n1,0\n2,1\n3,1\n", TestFiles.Label("y"))).Report;

        Assert.Equal(["1", "0"], report.LabelBalance!.Select(c => c.Value));
    }

    [Fact]
    public async Task ReadAsync_ValuesOutsideDeclaredBounds_AreReportedAndKept()
    {
        var columns = new Dictionary<string, ColumnOverride> { ["age"] = new(Minimum: 18, Maximum: 90) };

        var result = await TestFiles.ReadCsvAsync("age,y\n17,true\n18,false\n90,true\n150,false\n,true\n", TestFiles.Label("y", columns));

        var report = result.Report.FindColumn("age")!;
        Assert.Equal(2, report.OutOfRangeCount);
        Assert.Equal([new InvalidValue(1, "17"), new InvalidValue(4, "150")], report.OutOfRangeExamples);
        Assert.Equal(150, ((NumericColumn)result.Data.GetColumn("age"))[3]);
        Assert.Equal((18d, 90d), (result.Data.Schema.Find("age")!.Minimum, result.Data.Schema.Find("age")!.Maximum));
        Assert.Contains(result.Report.Warnings, w => w.Code == DataWarningCode.OutOfRange && w.Column == "age");
    }

    [Fact]
    public async Task ReadAsync_ParseFailureExamples_AreCapped()
    {
        var csv = new StringBuilder("n,y\n");
        for (var i = 0; i < 200; i++)
        {
            csv.Append(i % 20 == 0 ? "oops" + i : i.ToString(CultureInfo.InvariantCulture)).Append(i % 2 == 0 ? ",true\n" : ",false\n");
        }

        var report = (await TestFiles.ReadCsvAsync(csv.ToString(), TestFiles.Label("y") with { MaxExamples = 3 })).Report.FindColumn("n")!;

        Assert.Equal(10, report.ParseFailureCount);
        Assert.Equal([1L, 21L, 41L], report.ParseFailureExamples.Select(e => e.Row));
        Assert.Equal(10, report.MissingCount);
    }

    [Fact]
    public async Task Report_SerializedAsJson_RoundTrips()
    {
        using var file = await TestFiles.ChurnCsvAsync(400);
        var report = (await DatasetReader.ReadAsync(file, DataFormat.Csv, TestFiles.Label("churned"))).Report;

        var json = System.Text.Json.JsonSerializer.Serialize(report, Mlops.Core.Api.MlopsJson.Options);
        var back = System.Text.Json.JsonSerializer.Deserialize<DataValidationReport>(json, Mlops.Core.Api.MlopsJson.Options)!;

        Assert.Equal(json, System.Text.Json.JsonSerializer.Serialize(back, Mlops.Core.Api.MlopsJson.Options));
        Assert.Contains("\"code\":\"inferredId\"", json, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReadAsync_CleanData_HasNoWarnings()
    {
        var report = (await TestFiles.ReadCsvAsync("a,b,y\n1,x,true\n2,y,false\n3,x,true\n", TestFiles.Label("y"))).Report;

        Assert.Empty(report.Warnings);
    }
}
