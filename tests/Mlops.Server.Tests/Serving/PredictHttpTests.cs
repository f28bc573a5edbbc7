using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Time.Testing;
using Mlops.Core.Tests.Serving;

namespace Mlops.Server.Tests.Serving;

public sealed class PredictHttpTests : IAsyncLifetime
{
    private static readonly float[][] Rows = [[30f, 2.5f, -1f], [45.5f, 0f, 3.25f]];

    private readonly ServingServer _server = new();

    public async Task InitializeAsync()
    {
        await _server.RegisterAsync("linear", ServingModels.Linear(), alias: "champion");
        await _server.RegisterAsync("linear", ServingModels.Linear(bias: 100f), alias: "challenger");
    }

    [Theory]
    [InlineData("records")]
    [InlineData("dataframe_records")]
    [InlineData("dataframe_split")]
    public async Task Predict_EachFormat_MatchesReferenceComputation(string format)
    {
        using var client = _server.CreateClient();

        using var response = await PostAsync(client, "/api/models/linear/predict", ServingModels.LinearBody(format, Rows));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(1, body.GetProperty("version").GetInt32());
        Assert.Equal("champion", body.GetProperty("alias").GetString());
        for (var i = 0; i < Rows.Length; i++)
        {
            Assert.Equal(ServingModels.LinearExpected(Rows[i]), body.GetProperty("predictions")[i].GetSingle(), 4);
        }

        Assert.Equal("linear", Single(response, "x-model-name"));
        Assert.Equal("1", Single(response, "x-model-version"));
        Assert.Equal("champion", Single(response, "x-model-alias"));
        Assert.Equal(body.GetProperty("requestId").GetString(), Single(response, "x-request-id"));
    }

    [Theory]
    [InlineData("?version=2", 2, null)]
    [InlineData("?alias=challenger", 2, "challenger")]
    [InlineData("?version=1", 1, null)]
    public async Task Predict_VersionOrAlias_ServesIt(string query, int version, string? alias)
    {
        using var client = _server.CreateClient();

        using var response = await PostAsync(client, "/api/models/linear/predict" + query, ServingModels.LinearBody("records", Rows[..1]));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(version, body.GetProperty("version").GetInt32());
        Assert.Equal(alias, body.GetProperty("alias").GetString());
        var bias = version == 2 ? 100f : ServingModels.LinearBias;
        Assert.Equal(ServingModels.LinearExpected(Rows[0], bias: bias), body.GetProperty("predictions")[0].GetSingle(), 4);
    }

    [Theory]
    [InlineData("/api/models/nope/predict", HttpStatusCode.NotFound, "name")]
    [InlineData("/api/models/linear/predict?version=9", HttpStatusCode.NotFound, "version")]
    [InlineData("/api/models/linear/predict?alias=staging", HttpStatusCode.NotFound, "alias")]
    [InlineData("/api/models/linear/predict?version=1&alias=champion", HttpStatusCode.BadRequest, "alias")]
    public async Task Predict_UnknownOrAmbiguousReference_IsProblem(string path, HttpStatusCode status, string field)
    {
        using var client = _server.CreateClient();

        using var response = await PostAsync(client, path, ServingModels.LinearBody("records", Rows[..1]));

        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(field, problem.GetProperty("field").GetString());
    }

    [Fact]
    public async Task Predict_ModelUploadedAndPromotedOverHttp_ServesIt()
    {
        using var admin = _server.CreateClient(admin: true);
        using var client = _server.CreateClient();
        using var form = new MultipartFormDataContent();
        form.Add(new ByteArrayContent(ServingModels.MixedKinds()), "model", "model.onnx");
        using var upload = await admin.PostAsync(new Uri("/api/models/mixed/versions", UriKind.Relative), form);
        Assert.Equal(HttpStatusCode.Created, upload.StatusCode);
        using var promote = await admin.PutAsync(new Uri("/api/models/mixed/aliases/champion", UriKind.Relative), JsonContent.Create(new { version = 1 }));
        Assert.Equal(HttpStatusCode.OK, promote.StatusCode);

        using var response = await PostAsync(client, "/api/models/mixed/predict", """{"dataframe_records": [{"ratio": 2.5, "count": 3, "small": -1, "flag": true, "city": "london"}]}""");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(ServingModels.MixedExpected(2.5, 3, -1, true, "london"), body.GetProperty("predictions")[0].GetSingle(), 4);
    }

    [Fact]
    public async Task Predict_BadFeature_Is400NamingIt()
    {
        using var client = _server.CreateClient();

        using var response = await PostAsync(client, "/api/models/linear/predict", """{"inputs": [{"age": "abc", "income": 1, "score": 2}]}""");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("age", problem.GetProperty("field").GetString());
        Assert.Equal("Feature 'age' must be a number; got \"abc\".", problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task Predict_NoKey_Is401()
    {
        using var client = _server.CreateClient();
        client.DefaultRequestHeaders.Remove("x-functions-key");

        using var response = await PostAsync(client, "/api/models/linear/predict", ServingModels.LinearBody("records", Rows[..1]));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task Predict_AliasMoved_PickedUpWithinCacheTime()
    {
        await using var server = new ServingServer(new Dictionary<string, string?> { ["Serving:AliasCacheSeconds"] = "0.2" });
        await server.RegisterAsync("m", ServingModels.Linear(), alias: "champion");
        await server.RegisterAsync("m", ServingModels.Linear(bias: 100f));
        using var client = server.CreateClient();
        Assert.Equal(1, await VersionServedAsync(client));

        await server.Registry.SetAliasAsync("m", "champion", 2, "test");
        var served = 1;
        for (var attempt = 0; attempt < 200 && served != 2; attempt++)
        {
            await Task.Delay(25);
            served = await VersionServedAsync(client);
        }

        Assert.Equal(2, served);
    }

    [Fact]
    public async Task Predict_AliasMovedAndOldVersionIdle_OldSessionDisposed()
    {
        var time = new FakeTimeProvider();
        await using var server = new ServingServer(new Dictionary<string, string?> { ["Serving:SessionIdleSeconds"] = "60" }, time);
        await server.RegisterAsync("m", ServingModels.Linear(), alias: "champion");
        await server.RegisterAsync("m", ServingModels.Linear(bias: 100f));
        using var client = server.CreateClient();
        Assert.Equal(1, await VersionServedAsync(client));

        await server.Registry.SetAliasAsync("m", "champion", 2, "test");
        time.Advance(TimeSpan.FromSeconds(30));
        Assert.Equal(2, await VersionServedAsync(client));
        time.Advance(TimeSpan.FromSeconds(35));

        Assert.Equal([("m", 2)], server.Sessions.Loaded);
        Assert.Equal(1, server.Sessions.Disposals);
    }

    public Task DisposeAsync() => _server.DisposeAsync().AsTask();

    internal static Task<HttpResponseMessage> PostAsync(HttpClient client, string path, string json) =>
        client.PostAsync(new Uri(path, UriKind.Relative), new StringContent(json, Encoding.UTF8, "application/json"));

    private static async Task<int> VersionServedAsync(HttpClient client)
    {
        using var response = await PostAsync(client, "/api/models/m/predict", ServingModels.LinearBody("records", Rows[..1]));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return int.Parse(Single(response, "x-model-version"), CultureInfo.InvariantCulture);
    }

    private static string Single(HttpResponseMessage response, string header) => Assert.Single(response.Headers.GetValues(header));
}
