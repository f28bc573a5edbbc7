using System.Globalization;
using System.Text.Json;
using Mlops.Core.Monitoring;
using Mlops.Core.Onnx.Samples;
using Moq;
using static Mlops.Core.Tests.Serving.ServingApiHost;

namespace Mlops.Core.Tests.Serving;

public sealed class PredictApiTests : IDisposable
{
    private static readonly float[][] Rows = [[30f, 2.5f, -1f], [45.5f, 0f, 3.25f], [18f, 10f, 0.5f]];

    private readonly ServingApiHost _host = new();

    [Theory]
    [InlineData("records")]
    [InlineData("dataframe_records")]
    [InlineData("dataframe_split")]
    public async Task Predict_EachFormat_ReturnsReferencePredictions(string format)
    {
        await _host.Registry.AddAsync("linear", ServingModels.Linear(), alias: "champion");

        var response = await _host.PredictAsync("linear", ServingModels.LinearBody(format, Rows), requestId: "req-1");

        Assert.Equal(200, response.StatusCode);
        using var json = Json(response);
        var root = json.RootElement;
        Assert.Equal("linear", root.GetProperty("model").GetString());
        Assert.Equal(1, root.GetProperty("version").GetInt32());
        Assert.Equal("champion", root.GetProperty("alias").GetString());
        Assert.Equal("req-1", root.GetProperty("requestId").GetString());
        var predictions = root.GetProperty("predictions").EnumerateArray().Select(p => p.GetSingle()).ToList();
        Assert.Equal(Rows.Length, predictions.Count);
        for (var i = 0; i < Rows.Length; i++)
        {
            Assert.Equal(ServingModels.LinearExpected(Rows[i]), predictions[i], 4);
        }

        Assert.Equal("linear", Header(response, "x-model-name"));
        Assert.Equal("1", Header(response, "x-model-version"));
        Assert.Equal("champion", Header(response, "x-model-alias"));
        Assert.Equal("req-1", Header(response, "x-request-id"));
    }

    [Fact]
    public async Task Predict_ByVersion_ServesThatVersionWithoutAlias()
    {
        await _host.Registry.AddAsync("linear", ServingModels.Linear(), alias: "champion");
        await _host.Registry.AddAsync("linear", ServingModels.Linear(bias: 100f));

        var response = await _host.PredictAsync("linear", ServingModels.LinearBody("records", Rows[..1]), version: "2");

        Assert.Equal(200, response.StatusCode);
        using var json = Json(response);
        Assert.Equal(2, json.RootElement.GetProperty("version").GetInt32());
        Assert.Equal(JsonValueKind.Null, json.RootElement.GetProperty("alias").ValueKind);
        Assert.Equal(ServingModels.LinearExpected(Rows[0], bias: 100f), json.RootElement.GetProperty("predictions")[0].GetSingle(), 4);
        Assert.DoesNotContain(response.Headers, h => h.Key == "x-model-alias");
    }

    [Fact]
    public async Task Predict_ByAlias_ServesTheAliasedVersion()
    {
        await _host.Registry.AddAsync("linear", ServingModels.Linear(), alias: "champion");
        await _host.Registry.AddAsync("linear", ServingModels.Linear(bias: 100f), alias: "challenger");

        var response = await _host.PredictAsync("linear", ServingModels.LinearBody("records", Rows[..1]), alias: "challenger");

        using var json = Json(response);
        Assert.Equal(2, json.RootElement.GetProperty("version").GetInt32());
        Assert.Equal("challenger", json.RootElement.GetProperty("alias").GetString());
    }

    [Fact]
    public async Task Predict_AliasMoved_NewVersionServedOnceCacheExpiresAndOldUnloadedWhenIdle()
    {
        using var host = new ServingApiHost(new Dictionary<string, string?> { ["Serving:SessionIdleSeconds"] = "60" });
        await host.Registry.AddAsync("linear", ServingModels.Linear(), alias: "champion");
        await host.Registry.AddAsync("linear", ServingModels.Linear(bias: 100f));
        Assert.Equal(1, await VersionServedAsync(host));

        await host.Registry.SetAliasAsync("linear", "champion", 2, "test");
        Assert.Equal(1, await VersionServedAsync(host));
        host.Time.Advance(TimeSpan.FromSeconds(30));
        Assert.Equal(2, await VersionServedAsync(host));
        host.Time.Advance(TimeSpan.FromSeconds(35));

        Assert.Equal([("linear", 2)], host.Sessions.Loaded);
        Assert.Equal(2, host.Sessions.Loads);
        Assert.Equal(1, host.Sessions.Disposals);
    }

    [Fact]
    public async Task Predict_ClassifierModel_ReturnsLabelAndProbabilitiesPerRow()
    {
        await _host.Registry.AddAsync("trees", ServingModels.TreeClassifier(), alias: "champion");
        float[][] rows = [[0.1f, 0.2f, 0.3f, 0.4f, 0.5f, 0.6f, 0.7f, 0.8f], [0.9f, 0.15f, 0.45f, 0.05f, 0.35f, 0.65f, 0.25f, 0.85f]];
        var body = JsonSerializer.Serialize(new { inputs = rows.Select(r => new { features = r }) });

        var response = await _host.PredictAsync("trees", body);

        Assert.Equal(200, response.StatusCode);
        using var json = Json(response);
        var predictions = json.RootElement.GetProperty("predictions");
        for (var i = 0; i < rows.Length; i++)
        {
            var expected = ServingModels.Trees.Probability(rows[i]);
            var probabilities = predictions[i].GetProperty("probabilities").EnumerateArray().Select(p => p.GetSingle()).ToArray();
            Assert.Equal(expected, probabilities[1], 4);
            Assert.Equal(1 - expected, probabilities[0], 4);
            Assert.Equal(expected > 0.5f ? 1 : 0, predictions[i].GetProperty("label").GetInt64());
        }
    }

    [Fact]
    public async Task Predict_ZipMapClassifier_ReturnsProbabilityObjects()
    {
        await _host.Registry.AddAsync("trees", ServingModels.TreeClassifier(zipMap: true), alias: "champion");
        float[] row = [0.1f, 0.2f, 0.3f, 0.4f, 0.5f, 0.6f, 0.7f, 0.8f];

        var response = await _host.PredictAsync("trees", JsonSerializer.Serialize(new { inputs = new[] { new { features = row } } }));

        Assert.Equal(200, response.StatusCode);
        using var json = Json(response);
        var prediction = json.RootElement.GetProperty("predictions")[0];
        var map = prediction.EnumerateObject().Single(p => p.Value.ValueKind == JsonValueKind.Object).Value;
        Assert.Equal(ServingModels.Trees.Probability(row), map.GetProperty("1").GetSingle(), 4);
    }

    [Fact]
    public async Task Predict_OneInputPerColumnOfEveryKind_ReturnsReferencePredictions()
    {
        await _host.Registry.AddAsync("mixed", ServingModels.MixedKinds(), alias: "champion");
        var body = """
            {"dataframe_split": {"columns": ["city", "flag", "small", "count", "ratio"],
              "data": [["paris", true, 2, 7, 0.5], ["london", false, -3, 1, 1.5], ["rome", true, 0, 0, -2]]}}
            """;

        var response = await _host.PredictAsync("mixed", body);

        Assert.Equal(200, response.StatusCode);
        using var json = Json(response);
        var predictions = json.RootElement.GetProperty("predictions").EnumerateArray().Select(p => p.GetSingle()).ToArray();
        Assert.Equal(ServingModels.MixedExpected(0.5, 7, 2, true, "paris"), predictions[0], 4);
        Assert.Equal(ServingModels.MixedExpected(1.5, 1, -3, false, "london"), predictions[1], 4);
        Assert.Equal(ServingModels.MixedExpected(-2, 0, 0, true, "rome"), predictions[2], 4);
    }

    [Fact]
    public async Task Predict_Served_LogsCanonicalInputsAndPredictions()
    {
        await _host.Registry.AddAsync("linear", ServingModels.Linear(), alias: "champion");
        _host.Time.Advance(TimeSpan.FromDays(1));

        var response = await _host.PredictAsync("linear", """{"dataframe_split": {"columns": ["score", "age", "income"], "data": [[3, 1, 2]]}}""", requestId: "req-7");

        var record = Assert.Single(_host.Logged);
        Assert.Equal("req-7", record.RequestId);
        Assert.Equal(_host.Time.GetUtcNow(), record.Timestamp);
        Assert.Equal(("linear", 1, "champion", 1), (record.Model, record.Version, record.Alias, record.Rows));
        Assert.Equal("""[{"age":1,"income":2,"score":3}]""", Text(record.Inputs));
        using var json = Json(response);
        Assert.Equal(json.RootElement.GetProperty("predictions").GetRawText(), Text(record.Outputs));
        Assert.True(record.LatencyMs >= 0);
    }

    [Fact]
    public async Task Predict_RecordsServed_LogsValuesAsSentInColumnOrder()
    {
        await _host.Registry.AddAsync("linear", ServingModels.Linear(), alias: "champion");

        await _host.PredictAsync("linear", """{"inputs": [{"score": 3, "age": 1.0, "income": 2}]}""");

        Assert.Equal("""[{"age":1.0,"income":2,"score":3}]""", Text(Assert.Single(_host.Logged).Inputs));
    }

    [Fact]
    public async Task Predict_OutputShapeDeclaredWrongly_StillServesCorrectValues()
    {
        // The tree ensemble declares [N,2] but produces [N,1] (ORT infers no shape for it): writing into buffers shaped
        // from the declaration fails, so serving falls back to ONNX Runtime's own buffers for this model.
        var trees = SampleModels.TreeEnsemble(trees: 3, features: 3, depth: 2, seed: 5);
        var model = Onnx.TestModels.Edit(trees.ToRegressorOnnx(), m => m.Graph.Output[0].Type.TensorType.Shape.Dim[1].DimValue = 2);
        await _host.Registry.AddAsync("odd", model, alias: "champion");

        var first = await _host.PredictAsync("odd", """{"inputs": [{"features": [0.1, 0.2, 0.3]}]}""");
        var second = await _host.PredictAsync("odd", """{"inputs": [{"features": [0.9, 0.8, 0.7]}]}""");

        Assert.Equal(200, first.StatusCode);
        using var firstJson = Json(first);
        using var secondJson = Json(second);
        Assert.Equal(trees.Score([0.1f, 0.2f, 0.3f]), firstJson.RootElement.GetProperty("predictions")[0].GetSingle(), 4);
        Assert.Equal(trees.Score([0.9f, 0.8f, 0.7f]), secondJson.RootElement.GetProperty("predictions")[0].GetSingle(), 4);
        Assert.True(_host.Sessions.TryAcquire("odd", 1, out var served));
        Assert.False(served!.PreallocatesOutputs);
        served.Release();
    }

    [Fact]
    public async Task Predict_DeclaredOutputShapes_WritesIntoPreallocatedBuffers()
    {
        await _host.Registry.AddAsync("trees", ServingModels.TreeClassifier(), alias: "champion");
        var body = JsonSerializer.Serialize(new { inputs = new[] { new { features = new float[8] } } });

        Assert.Equal(200, (await _host.PredictAsync("trees", body)).StatusCode);

        Assert.True(_host.Sessions.TryAcquire("trees", 1, out var served));
        Assert.True(served!.PreallocatesOutputs);
        served.Release();
    }

    [Fact]
    public async Task Predict_InvalidInput_Is400AndNothingLogged()
    {
        await _host.Registry.AddAsync("linear", ServingModels.Linear(), alias: "champion");

        var response = await _host.PredictAsync("linear", """{"inputs": [{"age": "abc", "income": 1, "score": 2}]}""");

        Assert.Equal(400, response.StatusCode);
        using var problem = Json(response);
        Assert.Equal("age", problem.RootElement.GetProperty("field").GetString());
        Assert.Equal("Feature 'age' must be a number; got \"abc\".", problem.RootElement.GetProperty("detail").GetString());
        _host.Log.Verify(l => l.AppendAsync(It.IsAny<PredictionRecord>(), It.IsAny<CancellationToken>()), Times.Never);
    }

    [Fact]
    public async Task Predict_TooManyRows_Is413()
    {
        using var host = new ServingApiHost(new Dictionary<string, string?> { ["Serving:MaxBatchRows"] = "2" });
        await host.Registry.AddAsync("linear", ServingModels.Linear(), alias: "champion");

        var response = await host.PredictAsync("linear", ServingModels.LinearBody("records", Rows));

        Assert.Equal(413, response.StatusCode);
    }

    [Theory]
    [InlineData("nope", null, null, 404, "name")]
    [InlineData("linear", "9", null, 404, "version")]
    [InlineData("linear", null, "staging", 404, "alias")]
    [InlineData("linear", "1", "champion", 400, "alias")]
    [InlineData("linear", "01", null, 400, "version")]
    [InlineData("linear", null, "Bad Alias", 400, "alias")]
    [InlineData("../x", null, null, 400, "name")]
    public async Task Predict_BadReference_IsErrorNamingField(string model, string? version, string? alias, int status, string field)
    {
        await _host.Registry.AddAsync("linear", ServingModels.Linear(), alias: "champion");

        var response = await _host.PredictAsync(model, ServingModels.LinearBody("records", Rows[..1]), version, alias);

        Assert.Equal(status, response.StatusCode);
        using var problem = Json(response);
        Assert.Equal(field, problem.RootElement.GetProperty("field").GetString());
    }

    [Fact]
    public async Task Predict_ModelWithoutChampion_Is404()
    {
        await _host.Registry.AddAsync("linear", ServingModels.Linear());

        var response = await _host.PredictAsync("linear", ServingModels.LinearBody("records", Rows[..1]));

        Assert.Equal(404, response.StatusCode);
    }

    [Fact]
    public async Task Predict_ImageModel_Is422PointingToInferenceProtocol()
    {
        await _host.Registry.AddAsync("image", ServingModels.Image(), alias: "champion");

        var response = await _host.PredictAsync("image", """{"inputs": [{"image": 1}]}""");

        Assert.Equal(422, response.StatusCode);
        using var problem = Json(response);
        Assert.Contains("/v2/models/image/versions/1/infer", problem.RootElement.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    public void Dispose() => _host.Dispose();

    private static async Task<int> VersionServedAsync(ServingApiHost host)
    {
        var response = await host.PredictAsync("linear", ServingModels.LinearBody("records", Rows[..1]));
        Assert.Equal(200, response.StatusCode);
        return int.Parse(Header(response, "x-model-version"), CultureInfo.InvariantCulture);
    }
}
