using System.Text;
using Mlops.Core.Diagnostics;
using Mlops.Core.Onnx;
using Mlops.Core.Serving;

namespace Mlops.Core.Tests.Serving;

public sealed class InferRequestParserTests
{
    [Fact]
    public void Parse_FlatData_FillsTensorWithShape()
    {
        using var request = Parse("""{"id": "abc", "inputs": [{"name": "features", "shape": [2, 3], "datatype": "FP32", "data": [1, 2, 3, 4, 5, 6]}]}""");

        Assert.Equal("abc", request.Id);
        Assert.Equal(2, request.Batch.Rows);
        Assert.Equal([2L, 3L], request.Batch.Shapes[0]);
        Assert.Equal(6, request.Batch.Counts[0]);
        Assert.Equal([1f, 2f, 3f, 4f, 5f, 6f], Floats(request.Batch, 6));
        Assert.Equal([0, 1], request.Outputs);
    }

    [Fact]
    public void Parse_NestedDataBeforeShape_FillsRowMajor()
    {
        using var request = Parse(
            """{"parameters": {"x": 1}, "inputs": [{"data": [[1, 2, 3], [4, 5, 6]], "parameters": {}, "datatype": "FP32", "name": "features", "shape": [2, 3]}], "extension": [1]}""");

        Assert.Null(request.Id);
        Assert.Equal([1f, 2f, 3f, 4f, 5f, 6f], Floats(request.Batch, 6));
    }

    [Fact]
    public void Parse_RequestedOutputs_KeepsOnlyThose()
    {
        using var request = Parse("""{"inputs": [{"name": "features", "shape": [1, 3], "datatype": "FP32", "data": [1, 2, 3]}], "outputs": [{"name": "probabilities"}]}""");

        Assert.Equal([1], request.Outputs);
    }

    [Theory]
    [InlineData("""{"inputs": [{"name": "features", "shape": [1, 3], "datatype": "FP64", "data": [1, 2, 3]}]}""", "inputs[0].datatype", "the model takes FP32")]
    [InlineData("""{"inputs": [{"name": "features", "shape": [1, 3], "data": [1, 2, 3]}]}""", "inputs[0].datatype", "needs a 'datatype'")]
    [InlineData("""{"inputs": [{"name": "features", "shape": [2, 3], "datatype": "FP32", "data": [1, 2, 3]}]}""", "features", "has 3 values in data; its shape [2,3] needs 6")]
    [InlineData("""{"inputs": [{"name": "features", "shape": [1, 3], "datatype": "FP32", "data": [[1, 2], [3, 4]]}]}""", "features", "more than 3 values")]
    [InlineData("""{"inputs": [{"name": "features", "shape": [1, 4], "datatype": "FP32", "data": [1, 2, 3, 4]}]}""", "inputs[0].shape", "the model takes [-1,3]")]
    [InlineData("""{"inputs": [{"name": "features", "shape": [3], "datatype": "FP32", "data": [1, 2, 3]}]}""", "inputs[0].shape", "the model takes [-1,3]")]
    [InlineData("""{"inputs": [{"name": "features", "shape": [1, -3], "datatype": "FP32", "data": [1, 2, 3]}]}""", "inputs[0].shape", "non-negative")]
    [InlineData("""{"inputs": [{"name": "features", "shape": [0, 3], "datatype": "FP32", "data": []}]}""", "inputs[0].shape", "holds no values")]
    [InlineData("""{"inputs": [{"name": "features", "shape": [900, 3], "datatype": "FP32", "data": [1, 2, 3]}]}""", "inputs[0].shape", "more values than the request body")]
    [InlineData("""{"inputs": [{"name": "features", "datatype": "FP32", "data": [1, 2, 3]}]}""", "inputs[0].shape", "needs a 'shape'")]
    [InlineData("""{"inputs": [{"name": "features", "shape": [1, 3], "datatype": "FP32"}]}""", "inputs[0].data", "needs 'data'")]
    [InlineData("""{"inputs": [{"name": "features", "shape": [1, 3], "datatype": "FP32", "data": 1}]}""", "features", "must be an array")]
    [InlineData("""{"inputs": [{"name": "features", "shape": [1, 3], "datatype": "FP32", "data": [1, "x", 3]}]}""", "features", "Input 'features' must be a number; got \"x\" at data element 1.")]
    [InlineData("""{"inputs": [{"name": "pixels", "shape": [1, 3], "datatype": "FP32", "data": [1, 2, 3]}]}""", "pixels", "not an input of this model; it takes: features")]
    [InlineData("""{"inputs": [{"shape": [1, 3], "datatype": "FP32", "data": [1, 2, 3]}]}""", "inputs[0].name", "needs a 'name'")]
    [InlineData("""{"inputs": [{"name": "features", "shape": [1, 3], "datatype": "FP32", "data": [1, 2, 3]}, {"name": "features", "shape": [1, 3], "datatype": "FP32", "data": [1, 2, 3]}]}""", "features", "given twice")]
    [InlineData("""{"inputs": []}""", "inputs", "is empty")]
    [InlineData("""{"inputs": [1]}""", "inputs[0]", "must be an object")]
    [InlineData("""{"id": 5, "inputs": []}""", "id", "must be a string")]
    [InlineData("""{"outputs": [{"name": "label"}]}""", "inputs", "needs 'inputs'")]
    [InlineData("""{"inputs": [{"name": "features", "shape": [1, 3], "datatype": "FP32", "data": [1, 2, 3]}], "outputs": [{"name": "nope"}]}""", "nope", "not an output of this model")]
    [InlineData("""{"inputs": [{"name": "features", "shape": [1, 3], "datatype": "FP32", "data": [1, 2, 3]}], "outputs": [{"name": "map"}]}""", "map", "cannot return")]
    [InlineData("""{"inputs": [{"name": "features", "shape": [1, 3], "datatype": "FP32", "data": [1, 2, 3]""", "body", "not valid JSON")]
    [InlineData("""[]""", "body", "must be a JSON object")]
    public void Parse_BadRequest_Is400NamingField(string json, string field, string message)
    {
        var error = Reject(json);

        Assert.Equal(ErrorCategory.Validation, error.Category);
        Assert.Equal(field, error.Field);
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_MissingInput_Is400NamingIt()
    {
        var schema = PredictRequestParserTests.ColumnsSchema();

        var error = Assert.Throws<MlopsException>(() => InferRequestParser.Parse(
            Encoding.UTF8.GetBytes("""{"inputs": [{"name": "ratio", "shape": [1], "datatype": "FP64", "data": [1]}]}"""), schema, 1000, true).Dispose());

        Assert.Equal("count", error.Field);
        Assert.Contains("Input 'count' is missing", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_DifferentBatchSizesOfTabularInputs_Is400()
    {
        var schema = PredictRequestParserTests.ColumnsSchema();
        var json = """
            {"inputs": [
              {"name": "ratio", "shape": [2], "datatype": "FP64", "data": [1, 2]},
              {"name": "count", "shape": [1], "datatype": "INT64", "data": [1]}]}
            """;

        var error = Assert.Throws<MlopsException>(() => InferRequestParser.Parse(Encoding.UTF8.GetBytes(json), schema, 1000, true).Dispose());

        Assert.Contains("same batch size", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_AllKindsByDatatype_ReadsEach()
    {
        var schema = PredictRequestParserTests.ColumnsSchema();
        var json = """
            {"inputs": [
              {"name": "ratio", "shape": [1], "datatype": "FP64", "data": [0.25]},
              {"name": "count", "shape": [1], "datatype": "INT64", "data": [9007199254740993]},
              {"name": "small", "shape": [1, 1], "datatype": "INT32", "data": [[-4]]},
              {"name": "flag", "shape": [1], "datatype": "BOOL", "data": [true]},
              {"name": "city", "shape": [1], "datatype": "BYTES", "data": ["london"]}]}
            """;

        using var request = InferRequestParser.Parse(Encoding.UTF8.GetBytes(json), schema, 1000, true);

        Assert.Equal(0.25, ((BlittableBuffer<double>)request.Batch.Buffers[0])[0]);
        Assert.Equal(9007199254740993L, ((BlittableBuffer<long>)request.Batch.Buffers[1])[0]);
        Assert.Equal(-4, ((BlittableBuffer<int>)request.Batch.Buffers[2])[0]);
        Assert.True(((BlittableBuffer<bool>)request.Batch.Buffers[3])[0]);
        Assert.Equal("london", Encoding.UTF8.GetString(((StringBuffer)request.Batch.Buffers[4])[0]));
    }

    [Fact]
    public void Parse_MoreRowsThanLimit_Is413()
    {
        var error = Reject("""{"inputs": [{"name": "features", "shape": [3, 3], "datatype": "FP32", "data": [1, 2, 3, 4, 5, 6, 7, 8, 9]}]}""", maxRows: 2);

        Assert.Equal(ErrorCategory.PayloadTooLarge, error.Category);
        Assert.Equal("inputs[0].shape", error.Field);
    }

    private static ModelSchema Schema() => ModelSchema.Create(
        new ModelSignature(
            [new TensorSpec("features", TensorElementKind.Float, [-1, 3])],
            [
                new TensorSpec("label", TensorElementKind.Int64, [-1]),
                new TensorSpec("probabilities", TensorElementKind.Float, [-1, 2]),
                new TensorSpec("map", TensorElementKind.Float, [], ValueKind.Sequence),
            ]),
        null);

    private static InferRequest Parse(string json, int maxRows = 1000) =>
        InferRequestParser.Parse(Encoding.UTF8.GetBytes(json), Schema(), maxRows, allowMissing: true);

    private static MlopsException Reject(string json, int maxRows = 1000) =>
        Assert.Throws<MlopsException>(() => Parse(json, maxRows).Dispose());

    private static float[] Floats(InputBatch batch, int count)
    {
        var buffer = (BlittableBuffer<float>)batch.Buffers[0];
        return [.. Enumerable.Range(0, count).Select(i => buffer[i])];
    }
}
