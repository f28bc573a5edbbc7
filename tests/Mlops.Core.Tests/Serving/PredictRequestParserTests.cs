using System.Text;
using Mlops.Core.Diagnostics;
using Mlops.Core.Onnx;
using Mlops.Core.Serving;

namespace Mlops.Core.Tests.Serving;

public sealed class PredictRequestParserTests
{
    [Fact]
    public void Parse_Records_FillsFeatureVectorInModelOrder()
    {
        using var batch = Parse("""{"inputs": [{"income": 2, "age": 1, "score": 3}, {"score": 6, "age": 4, "income": 5}]}""", VectorSchema());

        Assert.Equal(2, batch.Rows);
        Assert.Equal([2L, 3L], batch.Shapes[0]);
        Assert.Equal([1f, 2f, 3f, 4f, 5f, 6f], Floats(batch, 0, 6));
    }

    [Fact]
    public void Parse_DataframeRecords_SameAsRecords()
    {
        using var batch = Parse("""{"dataframe_records": [{"age": 1, "income": 2, "score": 3}]}""", VectorSchema());

        Assert.Equal(1, batch.Rows);
        Assert.Equal([1f, 2f, 3f], Floats(batch, 0, 3));
    }

    [Fact]
    public void Parse_DataframeSplit_MapsColumnsByName()
    {
        using var batch = Parse(
            """{"dataframe_split": {"index": [7, 8], "columns": ["score", "age", "income"], "data": [[3, 1, 2], [6, 4, 5]]}}""", VectorSchema());

        Assert.Equal(2, batch.Rows);
        Assert.Equal([1f, 2f, 3f, 4f, 5f, 6f], Floats(batch, 0, 6));
    }

    [Fact]
    public void Parse_DataframeSplitWithDataBeforeColumns_MapsColumnsByName()
    {
        using var batch = Parse("""{"dataframe_split": {"data": [[3, 1, 2]], "columns": ["score", "age", "income"]}}""", VectorSchema());

        Assert.Equal([1f, 2f, 3f], Floats(batch, 0, 3));
    }

    [Fact]
    public void Parse_VectorColumnNamedLikeInput_FillsEveryFeature()
    {
        using var batch = Parse("""{"inputs": [{"features": [1, 2, 3]}]}""", VectorSchema());

        Assert.Equal([1f, 2f, 3f], Floats(batch, 0, 3));
    }

    [Fact]
    public void Parse_NoFeatureNames_ColumnsAreNamedAfterTheInput()
    {
        var schema = VectorSchema(featureNames: null);

        using var batch = Parse("""{"inputs": [{"features_2": 3, "features_0": 1, "features_1": 2}]}""", schema);

        Assert.Equal(["features_0", "features_1", "features_2"], schema.Tabular!.Columns.Select(c => c.Name));
        Assert.Equal([1f, 2f, 3f], Floats(batch, 0, 3));
    }

    [Fact]
    public void Parse_OneInputPerColumn_ReadsEveryElementKind()
    {
        using var batch = Parse(
            """{"inputs": [{"ratio": 0.5, "count": 3.0, "small": -2, "flag": true, "city": "par\u0069s"}, {"ratio": null, "count": 4, "small": 7, "flag": false, "city": "london"}]}""",
            ColumnsSchema());

        Assert.Equal(2, batch.Rows);
        Assert.Equal(0.5, ((BlittableBuffer<double>)batch.Buffers[0])[0]);
        Assert.True(double.IsNaN(((BlittableBuffer<double>)batch.Buffers[0])[1]));
        Assert.Equal([3L, 4L], new[] { ((BlittableBuffer<long>)batch.Buffers[1])[0], ((BlittableBuffer<long>)batch.Buffers[1])[1] });
        Assert.Equal([2L, 1L], batch.Shapes[2]);
        Assert.Equal(-2, ((BlittableBuffer<int>)batch.Buffers[2])[0]);
        Assert.True(((BlittableBuffer<bool>)batch.Buffers[3])[0]);
        Assert.Equal("paris", Encoding.UTF8.GetString(((StringBuffer)batch.Buffers[4])[0]));
        Assert.Equal([2L], batch.Shapes[4]);
    }

    [Fact]
    public void Parse_NullFeatureWhenMissingValuesAllowed_IsNaN()
    {
        using var batch = Parse("""{"inputs": [{"age": null, "income": 2, "score": 3}]}""", VectorSchema());

        Assert.True(float.IsNaN(Floats(batch, 0, 1)[0]));
    }

    [Theory]
    [InlineData("""{"inputs": [ {"score": 3, "income": 2e0, "age": 1.50} , {"age": null, "income": -0, "score": 4} ]}""")]
    [InlineData("""{"dataframe_split": {"columns": ["income", "score", "age"], "data": [[2e0, 3, 1.50], [-0, 4, null]]}}""")]
    [InlineData("""{"dataframe_records": [{"features": [1.50, 2e0, 3]}, {"features": [null, -0, 4]}]}""")]
    public void RawInputRowsToArray_AnyFormat_RowsKeyedByColumnWithValuesAsSent(string json)
    {
        var bytes = Encoding.UTF8.GetBytes(json);
        using var batch = PredictRequestParser.Parse(bytes, VectorSchema(), 1000, true);

        var rows = PredictionWriter.RawInputRowsToArray(bytes, batch);

        Assert.Equal("""[{"age":1.50,"income":2e0,"score":3},{"age":null,"income":-0,"score":4}]""", Encoding.UTF8.GetString(rows));
    }

    [Fact]
    public void RawInputRowsToArray_StringsAndEscapedNames_StayValidJson()
    {
        var bytes = Encoding.UTF8.GetBytes("""{"inputs": [{"ratio": 1, "count": 2, "small": 3, "flag": false, "c\u0069ty": "a \"quoted\" caf\u00e9"}]}""");
        using var batch = PredictRequestParser.Parse(bytes, ColumnsSchema(), 1000, true);

        using var rows = System.Text.Json.JsonDocument.Parse(PredictionWriter.RawInputRowsToArray(bytes, batch));

        Assert.Equal("a \"quoted\" café", rows.RootElement[0].GetProperty("city").GetString());
        Assert.False(rows.RootElement[0].GetProperty("flag").GetBoolean());
    }

    [Fact]
    public void Parse_WrongJsonType_NamesFeatureAndValue()
    {
        var error = Reject("""{"inputs": [{"age": "abc", "income": 2, "score": 3}]}""", VectorSchema());

        Assert.Equal(ErrorCategory.Validation, error.Category);
        Assert.Equal("age", error.Field);
        Assert.Equal("Feature 'age' must be a number; got \"abc\".", error.Message);
    }

    [Fact]
    public void Parse_ErrorInLaterRow_NamesTheRow()
    {
        var error = Reject("""{"inputs": [{"age": 1, "income": 2, "score": 3}, {"age": 1, "income": true, "score": 3}]}""", VectorSchema());

        Assert.Equal("income", error.Field);
        Assert.Equal("Feature 'income' must be a number; got true in row 1.", error.Message);
    }

    [Theory]
    [InlineData("""{"inputs": [{"age": 1, "score": 2}]}""", "income", "is missing")]
    [InlineData("""{"inputs": [{"age": 1, "income": 1, "score": 2, "zip": 3}]}""", "zip", "not an input")]
    [InlineData("""{"inputs": [{"age": 1, "age": 2, "income": 1, "score": 2}]}""", "age", "given twice")]
    [InlineData("""{"inputs": [{"age": "NaN", "income": 1, "score": 2}]}""", "age", "finite number")]
    [InlineData("""{"inputs": [{"age": "-Infinity", "income": 1, "score": 2}]}""", "age", "finite number")]
    [InlineData("""{"inputs": [{"age": 1e400, "income": 1, "score": 2}]}""", "age", "finite number")]
    [InlineData("""{"inputs": [{"age": 1e39, "income": 1, "score": 2}]}""", "age", "out of range")]
    [InlineData("""{"inputs": [{"age": [1], "income": 1, "score": 2}]}""", "age", "got an array")]
    [InlineData("""{"inputs": []}""", "inputs", "no rows")]
    [InlineData("""{"inputs": {}}""", "inputs", "must be an array")]
    [InlineData("""{"inputs": [[1, 2, 3]]}""", "inputs", "must be an object")]
    [InlineData("""{"inputs": [{"age": 1, "income": 1, "score": 2}], "dataframe_records": []}""", "dataframe_records", "got both 'inputs' and 'dataframe_records'")]
    [InlineData("""{}""", "body", "none of")]
    [InlineData("""{"instances": [{"age": 1}]}""", "instances", "Unknown key")]
    [InlineData("""[{"age": 1}]""", "body", "must be a JSON object")]
    [InlineData("""{"inputs": [{"age": 1, """, "body", "not valid JSON")]
    [InlineData("""{"inputs": [{"age": 1, "income": 1, "score": 2}]} trailing""", "body", "not valid JSON")]
    [InlineData("""{"inputs": [{"features": [1, 2]}]}""", "features", "has 2 values")]
    [InlineData("""{"inputs": [{"features": [1, 2, 3, 4]}]}""", "features", "more than 3 values")]
    [InlineData("""{"inputs": [{"features": 1}]}""", "features", "must be an array")]
    [InlineData("""{"inputs": [{"features": [1, 2, 3], "age": 1}]}""", "age", "given twice")]
    [InlineData("""{"dataframe_split": {"columns": ["age", "income"], "data": [[1, 2]]}}""", "score", "missing from 'dataframe_split.columns'")]
    [InlineData("""{"dataframe_split": {"columns": ["age", "income", "score", "zip"], "data": [[1, 2, 3, 4]]}}""", "zip", "not an input")]
    [InlineData("""{"dataframe_split": {"columns": ["age", "age", "income", "score"], "data": [[1, 1, 2, 3]]}}""", "age", "listed twice")]
    [InlineData("""{"dataframe_split": {"columns": ["age", "income", "score"], "data": [[1, 2]]}}""", "dataframe_split.data", "has 2 values")]
    [InlineData("""{"dataframe_split": {"columns": ["age", "income", "score"], "data": [[1, 2, 3, 4]]}}""", "dataframe_split.data", "more values")]
    [InlineData("""{"dataframe_split": {"columns": ["age", "income", "score"], "data": []}}""", "dataframe_split.data", "no rows")]
    [InlineData("""{"dataframe_split": {"columns": ["age", "income", "score"], "data": [{"age": 1}]}}""", "dataframe_split.data", "must be an array")]
    [InlineData("""{"dataframe_split": {"data": [[1, 2, 3]]}}""", "dataframe_split.columns", "needs 'columns'")]
    [InlineData("""{"dataframe_split": {"columns": ["age", "income", "score"]}}""", "dataframe_split.data", "needs 'data'")]
    [InlineData("""{"dataframe_split": {"columns": ["age", 2, "score"], "data": [[1, 2, 3]]}}""", "dataframe_split.columns", "as strings")]
    [InlineData("""{"dataframe_split": {"columns": ["age", "income", "score"], "data": [[1, 2, 3]], "dtypes": {}}}""", "dataframe_split.dtypes", "Unknown key")]
    [InlineData("""{"dataframe_split": [[1, 2, 3]]}""", "dataframe_split", "must be an object")]
    public void Parse_BadFeatureVectorRequest_Is400NamingField(string json, string field, string message)
    {
        var error = Reject(json, VectorSchema());

        Assert.Equal(ErrorCategory.Validation, error.Category);
        Assert.Equal(field, error.Field);
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"ratio": "abc", "count": 1, "small": 1, "flag": true, "city": "x"}""", "ratio", "Feature 'ratio' must be a number; got \"abc\".")]
    [InlineData("""{"ratio": 1, "count": 1.5, "small": 1, "flag": true, "city": "x"}""", "count", "Feature 'count' must be a whole number; got 1.5.")]
    [InlineData("""{"ratio": 1, "count": "1", "small": 1, "flag": true, "city": "x"}""", "count", "Feature 'count' must be a whole number; got \"1\".")]
    [InlineData("""{"ratio": 1, "count": null, "small": 1, "flag": true, "city": "x"}""", "count", "Feature 'count' must be a whole number; got null.")]
    [InlineData("""{"ratio": 1, "count": 1, "small": 3000000000, "flag": true, "city": "x"}""", "small", "Feature 'small' is out of range for Int32; got 3000000000.")]
    [InlineData("""{"ratio": 1, "count": 1, "small": 1, "flag": 1, "city": "x"}""", "flag", "Feature 'flag' must be true or false; got 1.")]
    [InlineData("""{"ratio": 1, "count": 1, "small": 1, "flag": true, "city": 5}""", "city", "Feature 'city' must be a string; got 5.")]
    [InlineData("""{"ratio": 1, "count": 1, "small": 1, "flag": true, "city": null}""", "city", "Feature 'city' must be a string; got null.")]
    [InlineData("""{"ratio": "Infinity", "count": 1, "small": 1, "flag": true, "city": "x"}""", "ratio", "Feature 'ratio' must be a finite number; got \"Infinity\". Send null for a missing value.")]
    public void Parse_WrongTypeForColumnKind_Is400WithMessage(string row, string field, string message)
    {
        var error = Reject($$"""{"inputs": [{{row}}]}""", ColumnsSchema());

        Assert.Equal(ErrorCategory.Validation, error.Category);
        Assert.Equal(field, error.Field);
        Assert.Equal(message, error.Message);
    }

    [Fact]
    public void Parse_NullWhenMissingValuesNotAllowed_Is400()
    {
        var error = Reject("""{"inputs": [{"age": null, "income": 2, "score": 3}]}""", VectorSchema(), allowMissing: false);

        Assert.Equal("age", error.Field);
        Assert.Equal("Feature 'age' must be a number; got null.", error.Message);
    }

    [Theory]
    [InlineData("""{"inputs": [{"age": 1, "income": 2, "score": 3}, {"age": 1, "income": 2, "score": 3}, {"age": 1, "income": 2, "score": 3}]}""", "inputs")]
    [InlineData("""{"dataframe_records": [{"age": 1, "income": 2, "score": 3}, {"age": 1, "income": 2, "score": 3}, {"age": 1, "income": 2, "score": 3}]}""", "dataframe_records")]
    [InlineData("""{"dataframe_split": {"columns": ["age", "income", "score"], "data": [[1, 2, 3], [1, 2, 3], [1, 2, 3]]}}""", "dataframe_split.data")]
    public void Parse_MoreRowsThanLimit_Is413(string json, string field)
    {
        var error = Reject(json, VectorSchema(), maxRows: 2);

        Assert.Equal(ErrorCategory.PayloadTooLarge, error.Category);
        Assert.Equal(field, error.Field);
        Assert.Contains("more than 2 rows", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_RowsUpToLimit_Accepted()
    {
        using var batch = Parse("""{"inputs": [{"age": 1, "income": 2, "score": 3}, {"age": 1, "income": 2, "score": 3}]}""", VectorSchema(), maxRows: 2);

        Assert.Equal(2, batch.Rows);
    }

    [Fact]
    public void Parse_FixedBatchSizeMismatch_Is400()
    {
        var schema = ModelSchema.Create(Signature(new TensorSpec("features", TensorElementKind.Float, [1, 3])), "age,income,score");

        var error = Reject("""{"inputs": [{"age": 1, "income": 2, "score": 3}, {"age": 1, "income": 2, "score": 3}]}""", schema);

        Assert.Equal("body", error.Field);
        Assert.Contains("exactly 1 row", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Create_FeatureNamesOfWrongLength_IsNotTabular()
    {
        var schema = VectorSchema("age,income");

        Assert.Null(schema.Tabular);
        Assert.Contains("lists 2 names", schema.TabularProblem, StringComparison.Ordinal);
    }

    [Fact]
    public void Create_ImageInput_IsNotTabular()
    {
        var schema = ModelSchema.Create(Signature(new TensorSpec("image", TensorElementKind.Float, [-1, 2, 2])), null);

        Assert.Null(schema.Tabular);
        Assert.Contains("image", schema.TabularProblem, StringComparison.Ordinal);
    }

    [Fact]
    public void Create_MapInput_Is422()
    {
        var error = Assert.Throws<MlopsException>(() =>
            ModelSchema.Create(Signature(new TensorSpec("fields", TensorElementKind.Float, [], ValueKind.Map)), null));

        Assert.Equal(ErrorCategory.Unprocessable, error.Category);
    }

    internal static ModelSchema VectorSchema(string? featureNames = "age,income,score") =>
        ModelSchema.Create(Signature(new TensorSpec("features", TensorElementKind.Float, [-1, 3])), featureNames);

    internal static ModelSchema ColumnsSchema() => ModelSchema.Create(
        Signature(
            new TensorSpec("ratio", TensorElementKind.Double, [-1]),
            new TensorSpec("count", TensorElementKind.Int64, [-1]),
            new TensorSpec("small", TensorElementKind.Int32, [-1, 1]),
            new TensorSpec("flag", TensorElementKind.Bool, [-1]),
            new TensorSpec("city", TensorElementKind.String, [-1])),
        null);

    private static ModelSignature Signature(params TensorSpec[] inputs) =>
        new(inputs, [new TensorSpec("variable", TensorElementKind.Float, [-1, 1])]);

    private static InputBatch Parse(string json, ModelSchema schema, int maxRows = 1000, bool allowMissing = true) =>
        PredictRequestParser.Parse(Encoding.UTF8.GetBytes(json), schema, maxRows, allowMissing);

    private static MlopsException Reject(string json, ModelSchema schema, int maxRows = 1000, bool allowMissing = true) =>
        Assert.Throws<MlopsException>(() => Parse(json, schema, maxRows, allowMissing).Dispose());

    private static float[] Floats(InputBatch batch, int input, int count)
    {
        var buffer = (BlittableBuffer<float>)batch.Buffers[input];
        return [.. Enumerable.Range(0, count).Select(i => buffer[i])];
    }
}
