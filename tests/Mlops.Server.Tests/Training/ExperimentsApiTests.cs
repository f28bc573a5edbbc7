using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Mlops.Server.Tests.Infrastructure;

namespace Mlops.Server.Tests.Training;

/// <summary>The experiment routes through the real server pipeline, over runs a real sweep recorded.</summary>
public sealed class ExperimentsApiTests(ExperimentsApiTests.SweptServer server) : IClassFixture<ExperimentsApiTests.SweptServer>
{
    [Fact]
    public async Task ListExperiments_AfterASweep_IncludesIt()
    {
        using var reader = server.Factory.CreateFunctionClient();

        var body = await reader.GetFromJsonAsync<JsonElement>("/api/experiments");

        Assert.Contains(body.GetProperty("experiments").EnumerateArray(), e => e.GetProperty("name").GetString() == server.Experiment);
    }

    [Fact]
    public async Task ListRuns_OrderByAuc_BestFirstWithEveryRunField()
    {
        using var reader = server.Factory.CreateFunctionClient();

        var body = await reader.GetFromJsonAsync<JsonElement>($"/api/experiments/{server.Experiment}/runs?orderBy=auc");

        var runs = body.GetProperty("runs").EnumerateArray().ToList();
        Assert.Equal(4, body.GetProperty("matched").GetInt32());
        var aucs = runs.Select(r => r.GetProperty("metrics").GetProperty("auc").GetDouble()).ToList();
        Assert.Equal(aucs.OrderDescending(), aucs);
        var first = runs[0];
        Assert.Equal(server.BestRunId, first.GetProperty("runId").GetString());
        Assert.True(first.GetProperty("selected").GetBoolean());
        Assert.Equal(1, first.GetProperty("modelVersion").GetInt32());
        Assert.Equal("completed", first.GetProperty("status").GetString());
        Assert.StartsWith("blob://datasets/", first.GetProperty("dataUri").GetString(), StringComparison.Ordinal);
        Assert.Equal(64, first.GetProperty("dataDigest").GetString()!.Length);
        Assert.Equal(64, first.GetProperty("artifactSha256").GetString()!.Length);
        Assert.EndsWith($"runs/{server.Experiment}/sha256/{first.GetProperty("artifactSha256").GetString()}.onnx", first.GetProperty("artifactUri").GetString(), StringComparison.Ordinal);
        Assert.True(first.GetProperty("durationMs").GetDouble() > 0);
        Assert.False(string.IsNullOrEmpty(first.GetProperty("codeRevision").GetString()));
        Assert.True(first.TryGetProperty("testMetrics", out _));
        Assert.All(runs.Skip(1), r => Assert.False(r.TryGetProperty("testMetrics", out _)));
        Assert.All(runs, r => Assert.Equal(r.GetProperty("validationRows").GetInt32(), CountRows(r.GetProperty("confusionMatrix"))));
        Assert.Equal(["false", "true"], first.GetProperty("confusionMatrix").GetProperty("classes").EnumerateArray().Select(c => c.GetString()));
        Assert.True(CountRows(first.GetProperty("testConfusionMatrix")) > 0);
        Assert.All(runs.Skip(1), r => Assert.False(r.TryGetProperty("testConfusionMatrix", out _)));
    }

    [Fact]
    public async Task Compare_ThreeRuns_ValuesInTheOrderAskedAndTheBestNamed()
    {
        using var reader = server.Factory.CreateFunctionClient();
        string[] asked = [server.RunIds[2], server.RunIds[0], server.RunIds[1]];

        var body = await reader.GetFromJsonAsync<JsonElement>($"/api/experiments/{server.Experiment}/compare?runs={string.Join(',', asked)}");

        Assert.Equal(asked, body.GetProperty("runs").EnumerateArray().Select(r => r.GetProperty("runId").GetString()));
        var leaves = body.GetProperty("parameters").EnumerateArray().Single(p => p.GetProperty("name").GetString() == "numberOfLeaves");
        Assert.Equal([16.0, 4.0, 8.0], leaves.GetProperty("values").EnumerateArray().Select(v => v.GetDouble()));
        var logLoss = body.GetProperty("metrics").EnumerateArray().Single(m => m.GetProperty("name").GetString() == "log_loss");
        var values = logLoss.GetProperty("values").EnumerateArray().Select(v => v.GetDouble()).ToList();
        Assert.Equal(3, values.Count);
        if (values.Count(v => v == values.Min()) == 1)
        {
            Assert.Equal(asked[values.IndexOf(values.Min())], logLoss.GetProperty("best").GetString());
        }
    }

    [Fact]
    public async Task ListRuns_FilterAndAscendingLimit_NarrowsTheList()
    {
        using var reader = server.Factory.CreateFunctionClient();

        var linear = await reader.GetFromJsonAsync<JsonElement>($"/api/experiments/{server.Experiment}/runs?trainer=linear");
        var worst = await reader.GetFromJsonAsync<JsonElement>($"/api/experiments/{server.Experiment}/runs?orderBy=auc&order=asc&limit=1");
        var all = await reader.GetFromJsonAsync<JsonElement>($"/api/experiments/{server.Experiment}/runs?status=completed&sweep={server.SweepId}");

        Assert.Equal(["linear"], linear.GetProperty("runs").EnumerateArray().Select(r => r.GetProperty("trainer").GetString()));
        var minimum = all.GetProperty("runs").EnumerateArray().Min(r => r.GetProperty("metrics").GetProperty("auc").GetDouble());
        Assert.Equal(minimum, Assert.Single(worst.GetProperty("runs").EnumerateArray()).GetProperty("metrics").GetProperty("auc").GetDouble());
        Assert.Equal(4, all.GetProperty("runs").GetArrayLength());
    }

    [Fact]
    public async Task GetRun_Known_ReturnsItsParameters()
    {
        using var reader = server.Factory.CreateFunctionClient();

        var run = await reader.GetFromJsonAsync<JsonElement>($"/api/experiments/{server.Experiment}/runs/{server.RunIds[1]}");

        Assert.Equal(server.RunIds[1], run.GetProperty("runId").GetString());
        Assert.Equal(8, run.GetProperty("parameters").GetProperty("numberOfLeaves").GetDouble());
    }

    [Fact]
    public async Task Compare_TwoRuns_ParametersAndMetricsSideBySide()
    {
        using var reader = server.Factory.CreateFunctionClient();
        var (a, b) = (server.RunIds[0], server.RunIds[2]);

        var body = await reader.GetFromJsonAsync<JsonElement>($"/api/experiments/{server.Experiment}/compare?runs={a},{b}");

        Assert.Equal([a, b], body.GetProperty("runs").EnumerateArray().Select(r => r.GetProperty("runId").GetString()));
        var leaves = body.GetProperty("parameters").EnumerateArray().Single(p => p.GetProperty("name").GetString() == "numberOfLeaves");
        Assert.Equal([4.0, 16.0], leaves.GetProperty("values").EnumerateArray().Select(v => v.GetDouble()));
        Assert.True(leaves.GetProperty("differs").GetBoolean());
        var iterations = body.GetProperty("parameters").EnumerateArray().Single(p => p.GetProperty("name").GetString() == "numberOfIterations");
        Assert.False(iterations.GetProperty("differs").GetBoolean());
        var auc = body.GetProperty("metrics").EnumerateArray().Single(m => m.GetProperty("name").GetString() == "auc");
        var values = auc.GetProperty("values").EnumerateArray().Select(v => v.GetDouble()).ToList();
        Assert.Equal(2, values.Count);
        if (values[0] != values[1])
        {
            Assert.Equal(values[0] > values[1] ? a : b, auc.GetProperty("best").GetString());
        }
    }

    [Fact]
    public async Task Compare_RunsOfDifferentTrainers_MissingParametersAreNull()
    {
        using var reader = server.Factory.CreateFunctionClient();

        var body = await reader.GetFromJsonAsync<JsonElement>($"/api/experiments/{server.Experiment}/compare?runs={server.RunIds[0]},{server.RunIds[3]}");

        var leaves = body.GetProperty("parameters").EnumerateArray().Single(p => p.GetProperty("name").GetString() == "numberOfLeaves");
        Assert.Equal(JsonValueKind.Null, leaves.GetProperty("values")[1].ValueKind);
    }

    [Theory]
    [InlineData("compare?runs=20250630120000-abcdef-000", HttpStatusCode.BadRequest, "runs")]
    [InlineData("compare?runs=a,b", HttpStatusCode.BadRequest, "runs")]
    [InlineData("compare?runs=20250630120000-abcdef-000,20250630120000-abcdef-001", HttpStatusCode.NotFound, "runs")]
    [InlineData("runs?orderBy=speed", HttpStatusCode.BadRequest, "orderBy")]
    [InlineData("runs?status=done", HttpStatusCode.BadRequest, "status")]
    [InlineData("runs?limit=0", HttpStatusCode.BadRequest, "limit")]
    [InlineData("runs/20250630120000-abcdef-000", HttpStatusCode.NotFound, "runId")]
    [InlineData("runs/not-a-run", HttpStatusCode.BadRequest, "runId")]
    public async Task Routes_BadQuery_ProblemNamingTheField(string path, HttpStatusCode status, string field)
    {
        using var reader = server.Factory.CreateFunctionClient();

        using var response = await reader.GetAsync($"/api/experiments/{server.Experiment}/{path}");

        Assert.Equal(status, response.StatusCode);
        Assert.Equal(field, (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("field").GetString());
    }

    [Fact]
    public async Task ListRuns_UnknownExperiment_Is404()
    {
        using var reader = server.Factory.CreateFunctionClient();

        using var response = await reader.GetAsync("/api/experiments/no-such-experiment/runs");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task ListExperiments_NoKey_Is401()
    {
        using var anonymous = server.Factory.CreateClient();

        using var response = await anonymous.GetAsync("/api/experiments");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    private static long CountRows(JsonElement matrix) =>
        matrix.GetProperty("counts").EnumerateArray().Sum(row => row.EnumerateArray().Sum(c => c.GetInt64()));

    /// <summary>A server with one sweep trained: LightGBM over three leaf counts and a linear model.</summary>
    public sealed class SweptServer : IAsyncLifetime
    {
        public ServerFactory Factory { get; } = new();

        public string Experiment { get; } = TrainingUploads.NewName("exp");

        public string SweepId { get; private set; } = string.Empty;

        public string BestRunId { get; private set; } = string.Empty;

        public IReadOnlyList<string> RunIds { get; private set; } = [];

        public async Task InitializeAsync()
        {
            using var admin = Factory.CreateAdminClient();
            var data = await TrainingUploads.UploadAsync(Factory, $"{Experiment}/data.csv", await TrainingUploads.ChurnCsvAsync(500, seed: 9));
            using var response = await admin.PostAsJsonAsync("/api/train", new
            {
                model = Experiment,
                data,
                label = "churned",
                trainers = new object[]
                {
                    new { trainer = "lightgbm", parameters = new { numberOfIterations = 15 }, search = new { numberOfLeaves = new[] { 4, 8, 16 } } },
                    new { trainer = "linear" },
                },
            });
            response.EnsureSuccessStatusCode();
            var body = await response.Content.ReadFromJsonAsync<JsonElement>();
            SweepId = body.GetProperty("sweepId").GetString()!;
            BestRunId = body.GetProperty("bestRunId").GetString()!;
            RunIds = [.. body.GetProperty("runIds").EnumerateArray().Select(r => r.GetString()!)];
        }

        public async Task DisposeAsync() => await Factory.DisposeAsync();
    }
}
