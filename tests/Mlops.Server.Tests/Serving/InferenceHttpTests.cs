using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Mlops.Core.Tests.Serving;

namespace Mlops.Server.Tests.Serving;

public sealed class InferenceHttpTests : IAsyncLifetime
{
    private static readonly float[] Row = [0.1f, 0.2f, 0.3f, 0.4f, 0.5f, 0.6f, 0.7f, 0.8f];

    private readonly ServingServer _server = new();

    public async Task InitializeAsync()
    {
        await _server.RegisterAsync("trees", ServingModels.TreeClassifier(), alias: "champion");
        await _server.RegisterAsync("trees", ServingModels.Linear());
    }

    [Fact]
    public async Task ServerMetadataAndHealth_NeedNoKey()
    {
        using var client = _server.CreateClient();
        client.DefaultRequestHeaders.Remove("x-functions-key");

        var metadata = await client.GetFromJsonAsync<JsonElement>(new Uri("/v2", UriKind.Relative));
        var live = await client.GetFromJsonAsync<JsonElement>(new Uri("/v2/health/live", UriKind.Relative));
        var ready = await client.GetFromJsonAsync<JsonElement>(new Uri("/v2/health/ready", UriKind.Relative));

        Assert.Equal("mlops", metadata.GetProperty("name").GetString());
        Assert.True(live.GetProperty("live").GetBoolean());
        Assert.True(ready.GetProperty("ready").GetBoolean());
    }

    [Fact]
    public async Task ModelMetadata_ByNameAndVersion_DescribeSignatures()
    {
        using var client = _server.CreateClient();

        var byName = await client.GetFromJsonAsync<JsonElement>(new Uri("/v2/models/trees", UriKind.Relative));
        var byVersion = await client.GetFromJsonAsync<JsonElement>(new Uri("/v2/models/trees/versions/2", UriKind.Relative));

        Assert.Equal("onnx_onnxv1", byName.GetProperty("platform").GetString());
        Assert.Equal(["2", "1"], byName.GetProperty("versions").EnumerateArray().Select(v => v.GetString()));
        Assert.Equal(["label", "probabilities"], byName.GetProperty("outputs").EnumerateArray().Select(o => o.GetProperty("name").GetString()));
        Assert.Equal([-1L, 3L], byVersion.GetProperty("inputs")[0].GetProperty("shape").EnumerateArray().Select(d => d.GetInt64()));
        Assert.Equal("variable", byVersion.GetProperty("outputs")[0].GetProperty("name").GetString());
    }

    [Fact]
    public async Task ModelReady_KnownAndUnknown()
    {
        using var client = _server.CreateClient();

        using var ready = await client.GetAsync(new Uri("/v2/models/trees/versions/2/ready", UriKind.Relative));
        using var unknown = await client.GetAsync(new Uri("/v2/models/nope/ready", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        var error = await unknown.Content.ReadFromJsonAsync<JsonElement>();
        Assert.False(string.IsNullOrEmpty(error.GetProperty("error").GetString()));
    }

    [Fact]
    public async Task Infer_ByName_ReturnsChampionTensors()
    {
        using var client = _server.CreateClient();
        var body = JsonSerializer.Serialize(new { id = "x1", inputs = new[] { new { name = "features", shape = new[] { 1, 8 }, datatype = "FP32", data = Row } } });

        using var response = await PredictHttpTests.PostAsync(client, "/v2/models/trees/infer", body);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var result = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("x1", result.GetProperty("id").GetString());
        Assert.Equal("1", result.GetProperty("model_version").GetString());
        var probabilities = result.GetProperty("outputs").EnumerateArray().Single(o => o.GetProperty("name").GetString() == "probabilities");
        Assert.Equal(ServingModels.TreeProbability(Row), probabilities.GetProperty("data")[1].GetSingle(), 4);
    }

    [Fact]
    public async Task Infer_ByVersion_UsesThatVersion()
    {
        using var client = _server.CreateClient();
        var body = """{"inputs": [{"name": "features", "shape": [2, 3], "datatype": "FP32", "data": [[1, 2, 3], [4, 5, 6]]}]}""";

        using var response = await PredictHttpTests.PostAsync(client, "/v2/models/trees/versions/2/infer", body);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var output = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("outputs")[0];
        Assert.Equal([2L, 1L], output.GetProperty("shape").EnumerateArray().Select(d => d.GetInt64()));
        Assert.Equal(ServingModels.LinearExpected([4f, 5f, 6f]), output.GetProperty("data")[1].GetSingle(), 4);
    }

    [Theory]
    [InlineData("/v2/models/trees/infer", """{"inputs": [{"name": "features", "shape": [1, 8], "datatype": "INT64", "data": [1, 2, 3, 4, 5, 6, 7, 8]}]}""", HttpStatusCode.BadRequest)]
    [InlineData("/v2/models/trees/infer", """{"inputs": [{"name": "features", "shape": [1, 8], "datatype": "FP32", "data": [1, 2]}]}""", HttpStatusCode.BadRequest)]
    [InlineData("/v2/models/trees/versions/9/infer", """{"inputs": []}""", HttpStatusCode.NotFound)]
    [InlineData("/v2/models/nope/infer", """{"inputs": []}""", HttpStatusCode.NotFound)]
    public async Task Infer_Bad_IsProtocolError(string path, string body, HttpStatusCode status)
    {
        using var client = _server.CreateClient();

        using var response = await PredictHttpTests.PostAsync(client, path, body);

        Assert.Equal(status, response.StatusCode);
        var error = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.False(string.IsNullOrEmpty(error.GetProperty("error").GetString()));
    }

    public Task DisposeAsync() => _server.DisposeAsync().AsTask();
}
