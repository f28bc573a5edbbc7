using System.Text;
using Mlops.Core.Training.Data;

namespace Mlops.Core.Tests.Training.Data;

public sealed class SchemaInferenceTests
{
    [Theory]
    [InlineData(new[] { "1", "2.5", "-3e2", "" }, ColumnKind.Numeric)]
    [InlineData(new[] { "0", "1", "1", "0" }, ColumnKind.Numeric)]
    [InlineData(new[] { "yes", "No", "Y", "n", "TRUE", "f" }, ColumnKind.Boolean)]
    [InlineData(new[] { "2024-01-05", "2024-02-29T10:30:00Z", "2023-12-31 23:59:59+02:00" }, ColumnKind.Timestamp)]
    [InlineData(new[] { "1/2", "3/4", "5/6" }, ColumnKind.Categorical)]
    [InlineData(new[] { "red", "green", "1" }, ColumnKind.Categorical)]
    [InlineData(new[] { "yes", "no", "maybe" }, ColumnKind.Categorical)]
    [InlineData(new[] { "None", "dsl", "fiber" }, ColumnKind.Categorical)]
    public async Task ReadAsync_Values_InferKind(string[] values, ColumnKind expected)
    {
        var csv = new StringBuilder("v,other\n");
        foreach (var value in values)
        {
            csv.Append(value).Append(",x\n");
        }

        var data = (await TestFiles.ReadCsvAsync(csv.ToString())).Data;

        Assert.Equal(expected, data.Schema.Find("v")?.Kind);
    }

    [Fact]
    public async Task ReadAsync_MostlyNumbersWithAFewBadValues_IsNumericAndReportsThem()
    {
        var csv = new StringBuilder("v,y\n");
        for (var i = 0; i < 40; i++)
        {
            csv.Append(i == 17 ? "abc" : i.ToString(System.Globalization.CultureInfo.InvariantCulture)).Append(i % 2 == 0 ? ",true\n" : ",false\n");
        }

        var result = await TestFiles.ReadCsvAsync(csv.ToString(), TestFiles.Label("y"));

        var column = (NumericColumn)result.Data.GetColumn("v");
        Assert.True(double.IsNaN(column[17]));
        var report = result.Report.FindColumn("v")!;
        Assert.Equal(1, report.ParseFailureCount);
        Assert.Equal(new InvalidValue(18, "abc"), Assert.Single(report.ParseFailureExamples));
        Assert.Contains(result.Report.Warnings, w => w.Code == DataWarningCode.ParseFailures && w.Column == "v" && w.Message.Contains("row 18: \"abc\"", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ReadAsync_ColumnMissingThroughoutSample_IsCategoricalSoLaterValuesAreKept()
    {
        var csv = "v,y\n,true\nNA,false\nnull,true\nlate,false\n";

        var result = await TestFiles.ReadCsvAsync(csv, TestFiles.Label("y") with { InferenceSampleRows = 3 });

        Assert.Equal(ColumnKind.Categorical, result.Data.Schema.Find("v")?.Kind);
        Assert.Equal("late", ((CategoricalColumn)result.Data.GetColumn("v"))[3]);
        Assert.Equal(0, result.Report.FindColumn("v")!.ParseFailureCount);
    }

    [Fact]
    public async Task ReadAsync_LowCardinalityIntegers_StayNumeric()
    {
        var csv = new StringBuilder("rating,y\n");
        for (var i = 0; i < 100; i++)
        {
            csv.Append(i % 5).Append(i % 2 == 0 ? ",a\n" : ",b\n");
        }

        var data = (await TestFiles.ReadCsvAsync(csv.ToString(), TestFiles.Label("y"))).Data;

        Assert.Equal(ColumnKind.Numeric, data.Schema.Find("rating")?.Kind);
        Assert.Equal(ColumnKind.Categorical, data.Schema.Find("y")?.Kind);
    }

    [Fact]
    public async Task ReadAsync_ValueAfterSampleThatDoesNotParse_IsCountedAsFailure()
    {
        var csv = "n,y\n1,true\n2,false\nlate-text,true\n";

        var result = await TestFiles.ReadCsvAsync(csv, TestFiles.Label("y") with { InferenceSampleRows = 2 });

        Assert.Equal(ColumnKind.Numeric, result.Data.Schema.Find("n")?.Kind);
        Assert.Equal(new InvalidValue(3, "late-text"), Assert.Single(result.Report.FindColumn("n")!.ParseFailureExamples));
    }

    [Fact]
    public async Task ReadAsync_UniqueTextColumn_IsInferredAsIdWithWarning()
    {
        var csv = new StringBuilder("code,x,y\n");
        for (var i = 0; i < 25; i++)
        {
            csv.Append("K").Append(i).Append(',').Append(i % 3).Append(i % 2 == 0 ? ",true\n" : ",false\n");
        }

        var result = await TestFiles.ReadCsvAsync(csv.ToString(), TestFiles.Label("y"));

        Assert.Equal(ColumnRole.Id, result.Data.Schema.Find("code")?.Role);
        Assert.DoesNotContain(result.Data.Features, c => c.Name == "code");
        Assert.Contains(result.Report.Warnings, w => w.Code == DataWarningCode.InferredId && w.Column == "code");
    }

    [Theory]
    [InlineData("id", ColumnRole.Id)]
    [InlineData("customer_id", ColumnRole.Id)]
    [InlineData("orderId", ColumnRole.Id)]
    [InlineData("paid", ColumnRole.Feature)]
    [InlineData("amount", ColumnRole.Feature)]
    public async Task ReadAsync_UniqueIntegers_AreIdOnlyWhenTheNameSaysSo(string name, ColumnRole expected)
    {
        var csv = new StringBuilder(name).Append(",x,y\n");
        for (var i = 0; i < 25; i++)
        {
            csv.Append(1000 + i).Append(',').Append(i % 3).Append(i % 2 == 0 ? ",true\n" : ",false\n");
        }

        var data = (await TestFiles.ReadCsvAsync(csv.ToString(), TestFiles.Label("y"))).Data;

        Assert.Equal(expected, data.Schema.Find(name)?.Role);
    }

    [Fact]
    public async Task ReadAsync_UniqueTextOnTinyData_IsNotAnId()
    {
        var data = (await TestFiles.ReadCsvAsync("city,y\nParis,true\nRome,false\n", TestFiles.Label("y"))).Data;

        Assert.Equal(ColumnRole.Feature, data.Schema.Find("city")?.Role);
    }

    [Fact]
    public async Task ReadAsync_DeclaredKinds_AreHonoured()
    {
        var columns = new Dictionary<string, ColumnOverride>
        {
            ["zip"] = new(Kind: ColumnKind.Categorical),
            ["flag"] = new(Kind: ColumnKind.Boolean),
            ["score"] = new(Kind: ColumnKind.Numeric),
        };

        var result = await TestFiles.ReadCsvAsync("zip,flag,score,y\n01234,1,7,a\n98765,0,n/a,b\n01234,,8,a\n", TestFiles.Label("y", columns));

        var zip = (CategoricalColumn)result.Data.GetColumn("zip");
        Assert.Equal(["01234", "98765"], zip.Categories);
        Assert.Equal([true, false, null], ((BooleanColumn)result.Data.GetColumn("flag")).Values.ToArray());
        Assert.Equal([7, double.NaN, 8], ((NumericColumn)result.Data.GetColumn("score")).Values.ToArray());
        Assert.False(result.Report.FindColumn("zip")!.KindInferred);
        Assert.True(result.Report.FindColumn("y")!.KindInferred);
    }

    [Fact]
    public async Task ReadAsync_DeclaredRoles_AreHonoured()
    {
        var csv = new StringBuilder("customer_id,skip,x,y\n");
        for (var i = 0; i < 30; i++)
        {
            csv.Append("C").Append(i).Append(",junk").Append(i).Append(',').Append(i % 4).Append(i % 2 == 0 ? ",true\n" : ",false\n");
        }

        var columns = new Dictionary<string, ColumnOverride>
        {
            ["customer_id"] = new(Role: ColumnRole.Feature),
            ["skip"] = new(Role: ColumnRole.Ignored),
            ["x"] = new(Role: ColumnRole.Id),
        };

        var result = await TestFiles.ReadCsvAsync(csv.ToString(), TestFiles.Label("y", columns));

        Assert.Equal(["customer_id"], result.Data.Features.Select(c => c.Name));
        Assert.Null(result.Data.FindColumn("skip"));
        Assert.Equal(ColumnRole.Id, result.Data.Schema.Find("x")?.Role);
        Assert.DoesNotContain(result.Report.Warnings, w => w.Code == DataWarningCode.InferredId);
    }

    [Fact]
    public async Task ReadAsync_LabelDeclaredByRole_IsTheLabel()
    {
        var columns = new Dictionary<string, ColumnOverride> { ["y"] = new(Role: ColumnRole.Label) };

        var data = (await TestFiles.ReadCsvAsync("x,y\n1,a\n2,b\n", new DatasetReadOptions { Columns = columns })).Data;

        Assert.Equal("y", data.Label?.Name);
    }

    [Fact]
    public async Task ReadAsync_CategoriesAreSortedWhateverTheRowOrder()
    {
        var data = (await TestFiles.ReadCsvAsync("c,y\nzebra,true\napple,false\nmango,true\napple,false\n", TestFiles.Label("y"))).Data;

        var column = (CategoricalColumn)data.GetColumn("c");
        Assert.Equal(["apple", "mango", "zebra"], column.Categories);
        Assert.Equal([2, 0, 1, 0], column.Codes.ToArray());
    }

    [Fact]
    public async Task ReadAsync_TimestampsWithoutOffset_AreUtc()
    {
        var data = (await TestFiles.ReadCsvAsync("t,y\n2024-03-01,true\n2024-03-01T12:00:00+02:00,false\n", TestFiles.Label("y"))).Data;

        var t = (TimestampColumn)data.GetColumn("t");
        Assert.Equal(new DateTimeOffset(2024, 3, 1, 0, 0, 0, TimeSpan.Zero), t[0]);
        Assert.Equal(new DateTimeOffset(2024, 3, 1, 10, 0, 0, TimeSpan.Zero), t[1]);
    }
}
