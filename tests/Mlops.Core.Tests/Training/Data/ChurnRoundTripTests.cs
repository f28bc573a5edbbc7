using Mlops.Core.Training.Data;
using Mlops.Core.Training.Demo;

namespace Mlops.Core.Tests.Training.Data;

public sealed class ChurnRoundTripTests
{
    private const int Rows = 600;

    public static TheoryData<DataFormat> Formats => new() { DataFormat.Csv, DataFormat.Parquet };

    [Theory]
    [MemberData(nameof(Formats))]
    public async Task ReadAsync_GeneratedChurnData_InfersSchema(DataFormat format)
    {
        using var file = await OpenAsync(format);

        var result = await DatasetReader.ReadAsync(file, format, TestFiles.Label(ChurnDataGenerator.LabelColumn));

        var schema = result.Data.Schema;
        Assert.Equal(ChurnDataGenerator.Columns, schema.Columns.Select(c => c.Name));
        Assert.Equal(
            new (ColumnKind, ColumnRole)[]
            {
                (ColumnKind.Categorical, ColumnRole.Id),
                (ColumnKind.Numeric, ColumnRole.Feature),
                (ColumnKind.Numeric, ColumnRole.Feature),
                (ColumnKind.Categorical, ColumnRole.Feature),
                (ColumnKind.Categorical, ColumnRole.Feature),
                (ColumnKind.Categorical, ColumnRole.Feature),
                (ColumnKind.Numeric, ColumnRole.Feature),
                (ColumnKind.Numeric, ColumnRole.Feature),
                (ColumnKind.Numeric, ColumnRole.Feature),
                (ColumnKind.Boolean, ColumnRole.Feature),
                (ColumnKind.Timestamp, ColumnRole.Feature),
                (ColumnKind.Boolean, ColumnRole.Label),
            },
            schema.Columns.Select(c => (c.Kind, c.Role)));
        Assert.Equal(Rows, result.Data.RowCount);
        Assert.Equal(ChurnDataGenerator.LabelColumn, result.Data.Label?.Name);
    }

    [Theory]
    [MemberData(nameof(Formats))]
    public async Task ReadAsync_GeneratedChurnData_ReadsBackEveryValue(DataFormat format)
    {
        var expected = ChurnDataGenerator.Generate(Rows, seed: 7).ToList();
        using var file = await OpenAsync(format);

        var data = (await DatasetReader.ReadAsync(file, format, TestFiles.Label(ChurnDataGenerator.LabelColumn))).Data;

        var id = (CategoricalColumn)data.GetColumn("customer_id");
        var age = (NumericColumn)data.GetColumn("age");
        var tenure = (NumericColumn)data.GetColumn("tenure_months");
        var contract = (CategoricalColumn)data.GetColumn("contract");
        var payment = (CategoricalColumn)data.GetColumn("payment_method");
        var internet = (CategoricalColumn)data.GetColumn("internet_service");
        var monthly = (NumericColumn)data.GetColumn("monthly_charges");
        var total = (NumericColumn)data.GetColumn("total_charges");
        var calls = (NumericColumn)data.GetColumn("support_calls");
        var partner = (BooleanColumn)data.GetColumn("has_partner");
        var signup = (TimestampColumn)data.GetColumn("signup_date");
        var churned = (BooleanColumn)data.GetColumn("churned");
        for (var row = 0; row < Rows; row++)
        {
            var r = expected[row];
            Assert.Equal(r.CustomerId, id[row]);
            Assert.Equal(r.Age ?? double.NaN, age[row]);
            Assert.Equal(r.TenureMonths, tenure[row]);
            Assert.Equal(r.Contract, contract[row]);
            Assert.Equal(r.PaymentMethod, payment[row]);
            Assert.Equal(r.InternetService, internet[row]);
            Assert.Equal(r.MonthlyCharges ?? double.NaN, monthly[row]);
            Assert.Equal(r.TotalCharges ?? double.NaN, total[row]);
            Assert.Equal(r.SupportCalls ?? double.NaN, calls[row]);
            Assert.Equal(r.HasPartner, partner[row]);
            Assert.Equal(r.SignupDate, signup[row]);
            Assert.Equal(r.Churned, churned[row]);
        }
    }

    [Fact]
    public async Task ReadAsync_CsvAndParquetOfSameData_GiveSameDataset()
    {
        using var csv = await TestFiles.ChurnCsvAsync(Rows);
        using var parquet = await TestFiles.ChurnParquetAsync(Rows);
        var options = TestFiles.Label(ChurnDataGenerator.LabelColumn);

        var fromCsv = await DatasetReader.ReadAsync(csv, DataFormat.Csv, options);
        var fromParquet = await DatasetReader.ReadAsync(parquet, DataFormat.Parquet, options);

        Assert.Equal(fromCsv.Data.Schema.Columns, fromParquet.Data.Schema.Columns);
        foreach (var column in fromCsv.Data.Columns)
        {
            var other = fromParquet.Data.GetColumn(column.Name);
            Assert.Equal(
                Enumerable.Range(0, Rows).Select(column.FormatValue),
                Enumerable.Range(0, Rows).Select(other.FormatValue));
        }

        Assert.Equal(fromCsv.Report.DuplicateRowCount, fromParquet.Report.DuplicateRowCount);
        Assert.Equal(fromCsv.Report.Columns.Select(c => c.MissingCount), fromParquet.Report.Columns.Select(c => c.MissingCount));
    }

    [Fact]
    public async Task ReadAsync_Tsv_ReadsTabSeparatedValues()
    {
        var tsv = "name\tscore\tok\na b\t1.5\tyes\nc,d\t2\tno\n";

        var result = await DatasetReader.ReadAsync(TestFiles.Text(tsv), DataFormat.Tsv, TestFiles.Label("ok"));

        Assert.Equal(["a b", "c,d"], Enumerable.Range(0, 2).Select(r => ((CategoricalColumn)result.Data.GetColumn("name"))[r]));
        Assert.Equal([1.5, 2], ((NumericColumn)result.Data.GetColumn("score")).Values.ToArray());
    }

    [Fact]
    public async Task ReadAsync_QuotedCsvFields_AreUnquoted()
    {
        var csv = "text,n,y\n\"a, \"\"quoted\"\" value\",1,true\n\"line\nbreak\",2,false\n";

        var data = (await TestFiles.ReadCsvAsync(csv, TestFiles.Label("y"))).Data;

        var text = (CategoricalColumn)data.GetColumn("text");
        Assert.Equal("a, \"quoted\" value", text[0]);
        Assert.Equal("line\nbreak", text[1]);
    }

    [Fact]
    public async Task ReadAsync_Utf8ByteOrderMark_IsNotPartOfTheFirstColumnName()
    {
        var bytes = System.Text.Encoding.UTF8.GetPreamble().Concat(System.Text.Encoding.UTF8.GetBytes("größe,y\n1,true\n2,false\n")).ToArray();

        var data = (await DatasetReader.ReadAsync(new MemoryStream(bytes), DataFormat.Csv, TestFiles.Label("y"))).Data;

        Assert.Equal("größe", data.Columns[0].Name);
    }

    [Fact]
    public async Task ReadAsync_CrLfLineEndingsAndPaddedFields_AreTrimmed()
    {
        var data = (await TestFiles.ReadCsvAsync("a , b,y\r\n 1 , x ,true\r\n2,y,false\r\n", TestFiles.Label("y"))).Data;

        Assert.Equal(["a", "b", "y"], data.Columns.Select(c => c.Name));
        Assert.Equal(1, ((NumericColumn)data.GetColumn("a"))[0]);
        Assert.Equal("x", ((CategoricalColumn)data.GetColumn("b"))[0]);
    }

    private static async Task<MemoryStream> OpenAsync(DataFormat format) => format == DataFormat.Csv
        ? await TestFiles.ChurnCsvAsync(Rows)
        : await TestFiles.ChurnParquetAsync(Rows);
}
