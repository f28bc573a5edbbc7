using Mlops.Core.Diagnostics;
using Mlops.Core.Training.Data;
using Parquet;
using Parquet.Schema;

namespace Mlops.Core.Tests.Training.Data;

public sealed class HardErrorTests
{
    [Theory]
    [InlineData("")]
    [InlineData("\n\n")]
    public async Task ReadAsync_EmptyCsv_Is422(string content)
    {
        var ex = await Assert.ThrowsAsync<MlopsException>(() => TestFiles.ReadCsvAsync(content));

        Assert.Equal(ErrorCategory.Unprocessable, ex.Category);
        Assert.Contains("empty", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReadAsync_EmptyParquetFile_Is422()
    {
        var ex = await Assert.ThrowsAsync<MlopsException>(() => DatasetReader.ReadAsync(new MemoryStream(), DataFormat.Parquet));

        Assert.Equal(ErrorCategory.Unprocessable, ex.Category);
        Assert.Contains("empty", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReadAsync_HeaderOnlyCsv_Is422SayingNoRows()
    {
        var ex = await Assert.ThrowsAsync<MlopsException>(() => TestFiles.ReadCsvAsync("a,b,label\n", TestFiles.Label("label")));

        Assert.Equal(ErrorCategory.Unprocessable, ex.Category);
        Assert.Contains("no data rows", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReadAsync_MissingLabelColumn_Is400NamingItAndSuggesting()
    {
        var ex = await Assert.ThrowsAsync<MlopsException>(() => TestFiles.ReadCsvAsync("x,Churned\n1,true\n2,false\n", TestFiles.Label("churned")));

        Assert.Equal(ErrorCategory.Validation, ex.Category);
        Assert.Equal("churned", ex.Field);
        Assert.Contains("'churned' is not in the data", ex.Message, StringComparison.Ordinal);
        Assert.Contains("Did you mean 'Churned'?", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReadAsync_LabelWithOneClass_Is422NamingLabelAndValue()
    {
        var ex = await Assert.ThrowsAsync<MlopsException>(() => TestFiles.ReadCsvAsync("x,y\n1,yes\n2,yes\n3,\n", TestFiles.Label("y")));

        Assert.Equal(ErrorCategory.Unprocessable, ex.Category);
        Assert.Equal("y", ex.Field);
        Assert.Contains("only one value ('true')", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReadAsync_NumericLabelWithOneValue_Is422()
    {
        var ex = await Assert.ThrowsAsync<MlopsException>(() => TestFiles.ReadCsvAsync("x,price\n1,9.5\n2,9.5\n", TestFiles.Label("price")));

        Assert.Equal("price", ex.Field);
        Assert.Contains("only one value ('9.5')", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReadAsync_LabelAllMissing_Is422NamingLabel()
    {
        var ex = await Assert.ThrowsAsync<MlopsException>(() => TestFiles.ReadCsvAsync("x,y\n1,\n2,NA\n", TestFiles.Label("y")));

        Assert.Equal(ErrorCategory.Unprocessable, ex.Category);
        Assert.Equal("y", ex.Field);
        Assert.Contains("no value in any of the 2 rows", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReadAsync_FeatureAllMissing_Is422NamingEveryEmptyFeature()
    {
        var csv = "a,empty1,b,empty2,y\n1,,x,NA,true\n2,,y,,false\n";

        var ex = await Assert.ThrowsAsync<MlopsException>(() => TestFiles.ReadCsvAsync(csv, TestFiles.Label("y")));

        Assert.Equal(ErrorCategory.Unprocessable, ex.Category);
        Assert.Equal("empty1", ex.Field);
        Assert.Contains("'empty2'", ex.Message, StringComparison.Ordinal);
        Assert.Contains("declare it ignored", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReadAsync_FeatureWhoseDeclaredKindNeverParses_Is422SayingSo()
    {
        var columns = new Dictionary<string, ColumnOverride> { ["city"] = new(Kind: ColumnKind.Numeric) };

        var ex = await Assert.ThrowsAsync<MlopsException>(() => TestFiles.ReadCsvAsync("city,y\nParis,true\nRome,false\n", TestFiles.Label("y", columns)));

        Assert.Equal("city", ex.Field);
        Assert.Contains("2 values did not parse as Numeric", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReadAsync_EmptyFeatureDeclaredIgnored_Loads()
    {
        var columns = new Dictionary<string, ColumnOverride> { ["empty"] = new(Role: ColumnRole.Ignored) };

        var result = await TestFiles.ReadCsvAsync("a,empty,y\n1,,true\n2,,false\n", TestFiles.Label("y", columns));

        Assert.Null(result.Data.FindColumn("empty"));
        Assert.Equal(ColumnRole.Ignored, result.Data.Schema.Find("empty")?.Role);
    }

    [Fact]
    public async Task ReadAsync_NoFeatureLeft_Is422()
    {
        var columns = new Dictionary<string, ColumnOverride> { ["a"] = new(Role: ColumnRole.Id) };

        var ex = await Assert.ThrowsAsync<MlopsException>(() => TestFiles.ReadCsvAsync("a,y\n1,true\n2,false\n", TestFiles.Label("y", columns)));

        Assert.Equal(ErrorCategory.Unprocessable, ex.Category);
        Assert.Contains("no feature columns", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReadAsync_RaggedRow_Is422NamingTheRow()
    {
        var ex = await Assert.ThrowsAsync<MlopsException>(() => TestFiles.ReadCsvAsync("a,b,y\n1,2,true\n3,4,5,false\n"));

        Assert.Equal(ErrorCategory.Unprocessable, ex.Category);
        Assert.Contains("Data row 2 has 4 fields but the header has 3", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReadAsync_MalformedQuote_Is422()
    {
        var ex = await Assert.ThrowsAsync<MlopsException>(() => TestFiles.ReadCsvAsync("a,b\n\"x\"y,1\n"));

        Assert.Equal(ErrorCategory.Unprocessable, ex.Category);
        Assert.Contains("not valid CSV", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReadAsync_DuplicateHeader_Is422NamingColumn()
    {
        var ex = await Assert.ThrowsAsync<MlopsException>(() => TestFiles.ReadCsvAsync("a,b,a\n1,2,3\n"));

        Assert.Equal(ErrorCategory.Unprocessable, ex.Category);
        Assert.Equal("a", ex.Field);
    }

    [Fact]
    public async Task ReadAsync_UnnamedHeaderColumn_Is422MentioningPandasIndex()
    {
        var ex = await Assert.ThrowsAsync<MlopsException>(() => TestFiles.ReadCsvAsync(",a,y\n0,1,true\n1,2,false\n"));

        Assert.Contains("Column 1 of the header has no name", ex.Message, StringComparison.Ordinal);
        Assert.Contains("index=False", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReadAsync_OverrideOfUnknownColumn_Is400NamingIt()
    {
        var columns = new Dictionary<string, ColumnOverride> { ["agee"] = new(Kind: ColumnKind.Numeric) };

        var ex = await Assert.ThrowsAsync<MlopsException>(() => TestFiles.ReadCsvAsync("age,y\n1,true\n2,false\n", TestFiles.Label("y", columns)));

        Assert.Equal(ErrorCategory.Validation, ex.Category);
        Assert.Equal("agee", ex.Field);
    }

    [Theory]
    [InlineData(ColumnRole.Ignored)]
    [InlineData(ColumnRole.Id)]
    public async Task ReadAsync_LabelDeclaredIgnoredOrId_Is400(ColumnRole role)
    {
        var columns = new Dictionary<string, ColumnOverride> { ["y"] = new(Role: role) };

        var ex = await Assert.ThrowsAsync<MlopsException>(() => TestFiles.ReadCsvAsync("a,y\n1,true\n2,false\n", TestFiles.Label("y", columns)));

        Assert.Equal(ErrorCategory.Validation, ex.Category);
        Assert.Equal("y", ex.Field);
    }

    [Fact]
    public async Task ReadAsync_TwoLabels_Is400()
    {
        var columns = new Dictionary<string, ColumnOverride> { ["a"] = new(Role: ColumnRole.Label) };

        var ex = await Assert.ThrowsAsync<MlopsException>(() => TestFiles.ReadCsvAsync("a,y\n1,true\n2,false\n", TestFiles.Label("y", columns)));

        Assert.Equal(ErrorCategory.Validation, ex.Category);
        Assert.Contains("More than one label", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReadAsync_MinimumAboveMaximum_Is400()
    {
        var columns = new Dictionary<string, ColumnOverride> { ["a"] = new(Minimum: 10, Maximum: 1) };

        var ex = await Assert.ThrowsAsync<MlopsException>(() => TestFiles.ReadCsvAsync("a,y\n1,true\n2,false\n", TestFiles.Label("y", columns)));

        Assert.Equal(ErrorCategory.Validation, ex.Category);
        Assert.Equal("a", ex.Field);
    }

    [Fact]
    public async Task ReadAsync_BoundsOnCategoricalColumn_Is400()
    {
        var columns = new Dictionary<string, ColumnOverride> { ["city"] = new(Maximum: 1) };

        var ex = await Assert.ThrowsAsync<MlopsException>(() => TestFiles.ReadCsvAsync("city,y\nParis,true\nRome,false\n", TestFiles.Label("y", columns)));

        Assert.Equal("city", ex.Field);
        Assert.Contains("only to numeric columns", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReadAsync_TimestampLabel_Is422()
    {
        var ex = await Assert.ThrowsAsync<MlopsException>(() => TestFiles.ReadCsvAsync("a,when\n1,2024-01-01\n2,2024-02-01\n", TestFiles.Label("when")));

        Assert.Equal(ErrorCategory.Unprocessable, ex.Category);
        Assert.Equal("when", ex.Field);
    }

    [Fact]
    public async Task ReadAsync_ParquetWithUnsupportedType_Is422NamingColumnAndType()
    {
        using var file = await ParquetWithBinaryColumnAsync();

        var ex = await Assert.ThrowsAsync<MlopsException>(() => DatasetReader.ReadAsync(file, DataFormat.Parquet, TestFiles.Label("y")));

        Assert.Equal(ErrorCategory.Unprocessable, ex.Category);
        Assert.Equal("blob", ex.Field);
        Assert.Contains("binary", ex.Message, StringComparison.Ordinal);
        Assert.Contains("declare it ignored", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReadAsync_ParquetUnsupportedColumnDeclaredIgnored_Loads()
    {
        using var file = await ParquetWithBinaryColumnAsync();
        var columns = new Dictionary<string, ColumnOverride> { ["blob"] = new(Role: ColumnRole.Ignored) };

        var result = await DatasetReader.ReadAsync(file, DataFormat.Parquet, TestFiles.Label("y", columns));

        Assert.Equal(["x", "y"], result.Data.Columns.Select(c => c.Name));
        Assert.Equal([1.5, 2.5], ((NumericColumn)result.Data.GetColumn("x")).Values.ToArray());
    }

    [Fact]
    public async Task ReadAsync_ParquetNestedColumn_Is422()
    {
        using var file = new MemoryStream();
        await Parquet.Serialization.ParquetSerializer.SerializeAsync(
            new[] { new NestedRow { X = 1, Tags = ["a"], Y = true }, new NestedRow { X = 2, Tags = ["b"], Y = false } }, file);
        file.Position = 0;

        var ex = await Assert.ThrowsAsync<MlopsException>(() => DatasetReader.ReadAsync(file, DataFormat.Parquet, TestFiles.Label("Y")));

        Assert.Equal("Tags", ex.Field);
        Assert.Contains("list", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReadAsync_ParquetWithNoRows_Is422()
    {
        var x = new DataField<double>("x");
        using var file = new MemoryStream();
        await using (var writer = await ParquetWriter.CreateAsync(new ParquetSchema(x), file))
        {
            using var group = writer.CreateRowGroup();
            await group.WriteAsync<double>(x, Array.Empty<double>(), null, null, default);
        }

        file.Position = 0;

        var ex = await Assert.ThrowsAsync<MlopsException>(() => DatasetReader.ReadAsync(file, DataFormat.Parquet));

        Assert.Equal(ErrorCategory.Unprocessable, ex.Category);
        Assert.Contains("no rows", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReadAsync_CsvReadAsParquet_Is422()
    {
        var ex = await Assert.ThrowsAsync<MlopsException>(() => DatasetReader.ReadAsync(TestFiles.Text("a,b\n1,2\n"), DataFormat.Parquet));

        Assert.Equal(ErrorCategory.Unprocessable, ex.Category);
        Assert.Contains("not valid Parquet", ex.Message, StringComparison.Ordinal);
    }

    private static async Task<MemoryStream> ParquetWithBinaryColumnAsync()
    {
        var x = new DataField<double>("x");
        var blob = new DataField<byte[]>("blob");
        var y = new DataField<bool>("y");
        var file = new MemoryStream();
        await using (var writer = await ParquetWriter.CreateAsync(new ParquetSchema(x, blob, y), file))
        {
            using var group = writer.CreateRowGroup();
            await group.WriteAsync<double>(x, new[] { 1.5, 2.5 }, null, null, default);
            await group.WriteAsync(blob, new[] { new byte[] { 1 }, new byte[] { 2 } }, null);
            await group.WriteAsync<bool>(y, new[] { true, false }, null, null, default);
        }

        file.Position = 0;
        return file;
    }

    public sealed class NestedRow
    {
        public int X { get; set; }

        public List<string>? Tags { get; set; }

        public bool Y { get; set; }
    }
}
