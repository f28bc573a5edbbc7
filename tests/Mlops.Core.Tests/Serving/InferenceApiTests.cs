using System.Text.Json;
using static Mlops.Core.Tests.Serving.ServingApiHost;

namespace Mlops.Core.Tests.Serving;

public sealed class InferenceApiTests : IDisposable
{
    private static readonly float[] Row = [0.1f, 0.2f, 0.3f, 0.4f, 0.5f, 0.6f, 0.7f, 0.8f];

    private readonly ServingApiHost _host = new();

    [Fact]
    public async Task ServerRoutes_ReturnMetadataAndHealth()
    {
        using var metadata = Json(await _host.SendAsync("InferenceServerMetadata"));
        using var live = Json(await _host.SendAsync("InferenceServerLive"));
        using var ready = Json(await _host.SendAsync("InferenceServerReady"));

        Assert.Equal("mlops", metadata.RootElement.GetProperty("name").GetString());
        Assert.False(string.IsNullOrEmpty(metadata.RootElement.GetProperty("version").GetString()));
        Assert.Equal(JsonValueKind.Array, metadata.RootElement.GetProperty("extensions").ValueKind);
        Assert.True(live.RootElement.GetProperty("live").GetBoolean());
        Assert.True(ready.RootElement.GetProperty("ready").GetBoolean());
    }

    [Fact]
    public async Task ModelMetadata_ByName_DescribesChampionSignatureAndReadyVersions()
    {
        await _host.Registry.AddAsync("trees", ServingModels.TreeClassifier(), alias: "champion");
        await _host.Registry.AddAsync("trees", ServingModels.TreeClassifier(zipMap: true));

        var response = await _host.SendAsync("InferenceModelMetadata", route: Route("trees"));

        Assert.Equal(200, response.StatusCode);
        using var json = Json(response);
        var root = json.RootElement;
        Assert.Equal("trees", root.GetProperty("name").GetString());
        Assert.Equal(["2", "1"], root.GetProperty("versions").EnumerateArray().Select(v => v.GetString()));
        Assert.Equal("onnx_onnxv1", root.GetProperty("platform").GetString());
        var input = Assert.Single(root.GetProperty("inputs").EnumerateArray());
        Assert.Equal("features", input.GetProperty("name").GetString());
        Assert.Equal("FP32", input.GetProperty("datatype").GetString());
        Assert.Equal([-1L, 8L], input.GetProperty("shape").EnumerateArray().Select(d => d.GetInt64()));
        Assert.Equal(
            [("label", "INT64"), ("probabilities", "FP32")],
            root.GetProperty("outputs").EnumerateArray().Select(o => (o.GetProperty("name").GetString(), o.GetProperty("datatype").GetString())));
    }

    [Fact]
    public async Task ModelMetadata_ByVersion_DescribesThatVersion()
    {
        await _host.Registry.AddAsync("m", ServingModels.Linear(), alias: "champion");
        await _host.Registry.AddAsync("m", ServingModels.Image());

        using var json = Json(await _host.SendAsync("InferenceModelVersionMetadata", route: Route("m", "2")));

        Assert.Equal(["2"], json.RootElement.GetProperty("versions").EnumerateArray().Select(v => v.GetString()));
        Assert.Equal("image", json.RootElement.GetProperty("inputs")[0].GetProperty("name").GetString());
    }

    [Fact]
    public async Task ModelReady_LoadsTheModel()
    {
        await _host.Registry.AddAsync("m", ServingModels.Linear(), alias: "champion");

        var response = await _host.SendAsync("InferenceModelReady", route: Route("m"));

        Assert.Equal(200, response.StatusCode);
        using var json = Json(response);
        Assert.True(json.RootElement.GetProperty("ready").GetBoolean());
        Assert.Equal([("m", 1)], _host.Sessions.Loaded);
    }

    [Theory]
    [InlineData("InferenceModelMetadata", "nope", null)]
    [InlineData("InferenceModelVersionMetadata", "m", "7")]
    [InlineData("InferenceModelReady", "nope", null)]
    [InlineData("InferenceModelVersionReady", "m", "7")]
    public async Task ModelRoutes_Unknown_Are404WithProtocolError(string function, string model, string? version)
    {
        await _host.Registry.AddAsync("m", ServingModels.Linear(), alias: "champion");

        var response = await _host.SendAsync(function, route: Route(model, version));

        Assert.Equal(404, response.StatusCode);
        using var json = Json(response);
        Assert.False(string.IsNullOrEmpty(json.RootElement.GetProperty("error").GetString()));
    }

    [Fact]
    public async Task Infer_ByName_ReturnsTensorsOfTheChampion()
    {
        await _host.Registry.AddAsync("trees", ServingModels.TreeClassifier(), alias: "champion");
        var body = JsonSerializer.Serialize(new
        {
            id = "call-1",
            inputs = new[] { new { name = "features", shape = new[] { 1, 8 }, datatype = "FP32", data = Row } },
        });

        var response = await _host.SendAsync("InferenceModelInfer", "POST", body, Route("trees"));

        Assert.Equal(200, response.StatusCode);
        using var json = Json(response);
        var root = json.RootElement;
        Assert.Equal("trees", root.GetProperty("model_name").GetString());
        Assert.Equal("1", root.GetProperty("model_version").GetString());
        Assert.Equal("call-1", root.GetProperty("id").GetString());
        var outputs = root.GetProperty("outputs").EnumerateArray().ToDictionary(o => o.GetProperty("name").GetString()!);
        var expected = ServingModels.Trees.Probability(Row);
        Assert.Equal("INT64", outputs["label"].GetProperty("datatype").GetString());
        Assert.Equal([1L], outputs["label"].GetProperty("shape").EnumerateArray().Select(d => d.GetInt64()));
        Assert.Equal(expected > 0.5f ? 1 : 0, outputs["label"].GetProperty("data")[0].GetInt64());
        Assert.Equal([1L, 2L], outputs["probabilities"].GetProperty("shape").EnumerateArray().Select(d => d.GetInt64()));
        Assert.Equal(expected, outputs["probabilities"].GetProperty("data")[1].GetSingle(), 4);
        Assert.Equal("champion", Header(response, "x-model-alias"));
    }

    [Fact]
    public async Task Infer_ByVersionWithNestedDataAndRequestedOutput_ReturnsOnlyThat()
    {
        await _host.Registry.AddAsync("m", ServingModels.Linear(), alias: "champion");
        await _host.Registry.AddAsync("m", ServingModels.Image());
        var body = """
            {"inputs": [{"name": "image", "shape": [2, 2, 2], "datatype": "FP32", "data": [[[1, 2], [3, 4]], [[5, 6], [7, 8]]]}],
             "outputs": [{"name": "doubled"}]}
            """;

        var response = await _host.SendAsync("InferenceModelVersionInfer", "POST", body, Route("m", "2"), requestId: "r-9");

        Assert.Equal(200, response.StatusCode);
        using var json = Json(response);
        Assert.Equal("r-9", json.RootElement.GetProperty("id").GetString());
        var output = Assert.Single(json.RootElement.GetProperty("outputs").EnumerateArray());
        Assert.Equal([2L, 2L, 2L], output.GetProperty("shape").EnumerateArray().Select(d => d.GetInt64()));
        Assert.Equal([2f, 4f, 6f, 8f, 10f, 12f, 14f, 16f], output.GetProperty("data").EnumerateArray().Select(d => d.GetSingle()));
        Assert.DoesNotContain(response.Headers, h => h.Key == "x-model-alias");
    }

    [Fact]
    public async Task Infer_Served_IsLoggedWithRowsAndPredictions()
    {
        await _host.Registry.AddAsync("m", ServingModels.Linear(), alias: "champion");
        var body = """{"inputs": [{"name": "features", "shape": [2, 3], "datatype": "FP32", "data": [1, 2, 3, 4, 5, 6]}]}""";

        await _host.SendAsync("InferenceModelInfer", "POST", body, Route("m"), requestId: "r-1");

        var record = Assert.Single(_host.Logged);
        Assert.Equal(("r-1", 2, "champion"), (record.RequestId, record.Rows, record.Alias));
        Assert.Equal("""[{"age":1,"income":2,"score":3},{"age":4,"income":5,"score":6}]""", Text(record.Inputs));
        using var outputs = JsonDocument.Parse(record.Outputs);
        Assert.Equal(ServingModels.LinearExpected([4f, 5f, 6f]), outputs.RootElement[1].GetSingle(), 4);
    }

    [Theory]
    [InlineData("""{"inputs": [{"name": "features", "shape": [1, 3], "datatype": "FP64", "data": [1, 2, 3]}]}""", 400, "FP64")]
    [InlineData("""{"inputs": [{"name": "features", "shape": [1, 3], "datatype": "FP32", "data": [1, 2]}]}""", 400, "needs 3")]
    [InlineData("""{"inputs": [{"name": "x", "shape": [1, 3], "datatype": "FP32", "data": [1, 2, 3]}]}""", 400, "not an input")]
    [InlineData("""not json""", 400, "not valid JSON")]
    public async Task Infer_BadRequest_IsProtocolError(string body, int status, string message)
    {
        await _host.Registry.AddAsync("m", ServingModels.Linear(), alias: "champion");

        var response = await _host.SendAsync("InferenceModelInfer", "POST", body, Route("m"));

        Assert.Equal(status, response.StatusCode);
        using var json = Json(response);
        Assert.Contains(message, json.RootElement.GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.Empty(_host.Logged);
    }

    public void Dispose() => _host.Dispose();

    private static Dictionary<string, string> Route(string name, string? version = null)
    {
        var route = new Dictionary<string, string> { ["name"] = name };
        if (version is not null)
        {
            route["version"] = version;
        }

        return route;
    }
}
