using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Mlops.Core.Pipelines;
using Mlops.Core.Tests.Infrastructure;
using Mlops.Core.Tests.Monitoring.Checks;
using Mlops.Server.Tests.Infrastructure;
using Mlops.Workflows;

namespace Mlops.Server.Tests.Monitoring;

/// <summary>The monitoring routes through the real server pipeline against Azurite, with the embedded workflow engine.</summary>
public sealed class MonitoringApiTests : IClassFixture<ServerFactory>
{
    private static readonly string Window = string.Create(CultureInfo.InvariantCulture,
        $"from={Uri.EscapeDataString(MonitoringScenario.WindowStart.ToString("O", CultureInfo.InvariantCulture))}&to={Uri.EscapeDataString(MonitoringScenario.WindowEnd.ToString("O", CultureInfo.InvariantCulture))}");

    private readonly ServerFactory _factory;

    public MonitoringApiTests(ServerFactory factory)
    {
        _factory = factory;
        _factory.Settings["Pipelines:Scheduler:RefreshInterval"] = "00:00:00.200";
    }

    [Theory]
    [InlineData("GET", "drift")]
    [InlineData("GET", "drift/history")]
    [InlineData("GET", "drift/report")]
    [InlineData("POST", "drift/check")]
    [InlineData("PUT", "drift/reference")]
    [InlineData("GET", "monitoring")]
    [InlineData("PUT", "monitoring")]
    [InlineData("POST", "feedback")]
    [InlineData("GET", "performance")]
    public async Task Route_UnknownModel_Is404(string method, string path)
    {
        using var admin = _factory.CreateAdminClient();
        using var request = new HttpRequestMessage(new HttpMethod(method), $"/api/models/no-such-model/{path}")
        {
            Content = method == "GET" ? null : new StringContent(path == "feedback" ? """{"outcomes":[{"requestId":"a","actual":1}]}""" : "{}", Encoding.UTF8, "application/json"),
        };

        using var response = await admin.SendAsync(request);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("no-such-model", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task DriftCheck_DriftedLogWithRetrainPolicy_LatestHistoryReportAndRetrainingStarted()
    {
        using var admin = _factory.CreateAdminClient();
        using var reader = _factory.CreateFunctionClient();
        var model = MonitoringScenario.NewName("http");
        await MonitoringScenario.RegisterAsync(_factory.Services, model);
        await MonitoringScenario.WriteLogAsync(_factory.Services, MonitoringScenario.Records(model, 40, drifted: true, seed: 11));
        using (var none = await reader.GetAsync($"/api/models/{model}/drift"))
        {
            Assert.Equal(HttpStatusCode.NotFound, none.StatusCode);
        }

        using (var put = await admin.PutAsJsonAsync($"/api/models/{model}/monitoring", new { retrainOnDrift = true, cron = "0 0 3 * * *", enabled = false }))
        {
            Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        }

        var policy = await reader.GetFromJsonAsync<JsonElement>($"/api/models/{model}/monitoring");
        Assert.True(policy.GetProperty("stored").GetBoolean());
        Assert.Equal(("0 0 3 * * *", true, "champion"), (policy.GetProperty("policy").GetProperty("cron").GetString(), policy.GetProperty("policy").GetProperty("retrainOnDrift").GetBoolean(), policy.GetProperty("policy").GetProperty("alias").GetString()));

        using var check = await admin.PostAsync($"/api/models/{model}/drift/check?{Window}", null);
        Assert.Equal(HttpStatusCode.OK, check.StatusCode);
        var report = await check.Content.ReadFromJsonAsync<JsonElement>();
        var checkId = report.GetProperty("checkId").GetString()!;
        Assert.True(report.GetProperty("drift").GetProperty("datasetDrift").GetBoolean());
        Assert.Equal(200, report.GetProperty("drift").GetProperty("currentRows").GetInt32());
        Assert.Equal("drift", report.GetProperty("alerts")[0].GetString());
        var retraining = report.GetProperty("retraining");
        Assert.True(retraining.GetProperty("started").GetBoolean());
        var instanceId = retraining.GetProperty("instanceId").GetString()!;

        // The real retraining workflow runs on the embedded engine (this model has no training settings, so it ends
        // there); what matters here is that the check started it with the reason and the report.
        var run = await reader.GetFromJsonAsync<JsonElement>($"/api/pipelines/{instanceId}");
        Assert.Equal(PipelineWorkflowNames.Retraining, run.GetProperty("name").GetString());
        Assert.Equal((model, "drift", report.GetProperty("reportUri").GetString()),
            (run.GetProperty("input").GetProperty("model").GetString(), run.GetProperty("input").GetProperty("reason").GetString(), run.GetProperty("input").GetProperty("reportUri").GetString()));

        var latest = await reader.GetFromJsonAsync<JsonElement>($"/api/models/{model}/drift");
        Assert.Equal(checkId, latest.GetProperty("latest").GetProperty("checkId").GetString());
        Assert.True(latest.GetProperty("latest").GetProperty("datasetDrift").GetBoolean());
        Assert.Equal(instanceId, latest.GetProperty("latest").GetProperty("retrainingInstanceId").GetString());
        Assert.Contains(latest.GetProperty("features").EnumerateArray(), f => f.GetProperty("name").GetString() == "age" && f.GetProperty("drifted").GetBoolean());
        Assert.Equal($"/api/models/{model}/drift/history", latest.GetProperty("links").GetProperty("history").GetString());

        using (var second = await admin.PostAsync($"/api/models/{model}/drift/check?{Window}", null))
        {
            var again = await second.Content.ReadFromJsonAsync<JsonElement>();
            Assert.False(again.GetProperty("retraining").GetProperty("started").GetBoolean());
        }

        var history = await reader.GetFromJsonAsync<JsonElement>($"/api/models/{model}/drift/history");
        Assert.Equal(2, history.GetProperty("count").GetInt32());
        Assert.Equal(checkId, history.GetProperty("checks")[1].GetProperty("checkId").GetString());

        using var html = await reader.GetAsync($"/api/models/{model}/drift/report");
        Assert.Equal(HttpStatusCode.OK, html.StatusCode);
        Assert.Equal("text/html", html.Content.Headers.ContentType?.MediaType);
        var page = await html.Content.ReadAsStringAsync();
        Assert.Contains("<svg", page, StringComparison.Ordinal);
        Assert.Contains("income", page, StringComparison.Ordinal);
        Assert.DoesNotContain("<script", page, StringComparison.OrdinalIgnoreCase);
        using var first = await reader.GetAsync($"/api/models/{model}/drift/report?checkId={checkId}");
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
    }

    [Fact]
    public async Task DriftCheck_UploadedCsv_IsTheCurrentData()
    {
        using var admin = _factory.CreateAdminClient();
        var model = MonitoringScenario.NewName("upload");
        await MonitoringScenario.RegisterAsync(_factory.Services, model);
        var csv = new StringBuilder("age,income,score,city\n");
        var random = new Random(3);
        for (var i = 0; i < 300; i++)
        {
            csv.Append(CultureInfo.InvariantCulture, $"{40 + (random.NextDouble() * 10):0.00},{50 + (random.NextDouble() * 10):0.00},{random.NextDouble() - 0.5:0.000},{(i % 3 == 0 ? "lyon" : "paris")}\n");
        }

        using var response = await admin.PostAsync($"/api/models/{model}/drift/check", new StringContent(csv.ToString(), Encoding.UTF8, "text/csv"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var report = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("upload", report.GetProperty("source").GetString());
        Assert.Equal(300, report.GetProperty("drift").GetProperty("currentRows").GetInt32());
        Assert.False(report.TryGetProperty("performance", out _), "an uploaded data set has no feedback to judge");
        Assert.Contains(report.GetProperty("drift").GetProperty("features").EnumerateArray(),
            f => f.GetProperty("name").GetString() == "score" && f.GetProperty("drifted").GetBoolean());
    }

    [Fact]
    public async Task DriftCheck_PolicyAsksForUploadedReference_ComparesWithItOr404sWithoutOne()
    {
        using var admin = _factory.CreateAdminClient();
        var model = MonitoringScenario.NewName("ref");
        await MonitoringScenario.RegisterAsync(_factory.Services, model);
        await MonitoringScenario.WriteLogAsync(_factory.Services, MonitoringScenario.Records(model, 40, drifted: false, seed: 14));
        using (var put = await admin.PutAsJsonAsync($"/api/models/{model}/monitoring", new { reference = "dataset", enabled = false }))
        {
            Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        }

        using var missing = await admin.PostAsync($"/api/models/{model}/drift/check?{Window}", null);
        Assert.Equal((HttpStatusCode.NotFound, "reference"), (missing.StatusCode, (await missing.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("field").GetString()));

        // A reference whose ages sit around 80 and that has no income column: the log (ages around 40) drifts from it.
        var csv = new StringBuilder("age,score\n");
        var random = new Random(5);
        for (var i = 0; i < 500; i++)
        {
            csv.Append(CultureInfo.InvariantCulture, $"{80 + (random.NextDouble() * 10):0.00},{random.NextDouble() - 0.5:0.000}\n");
        }

        using var upload = await admin.PutAsync($"/api/models/{model}/drift/reference", new StringContent(csv.ToString(), Encoding.UTF8, "text/csv"));
        Assert.Equal(HttpStatusCode.OK, upload.StatusCode);
        Assert.Equal(500, (await upload.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("rows").GetInt32());
        using var json = await admin.PutAsync($"/api/models/{model}/drift/reference", new StringContent("{}", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, json.StatusCode);

        using var check = await admin.PostAsync($"/api/models/{model}/drift/check?{Window}", null);
        Assert.Equal(HttpStatusCode.OK, check.StatusCode);
        var features = (await check.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("drift").GetProperty("features").EnumerateArray().ToList();
        Assert.Equal(["age", "score"], features.Select(f => f.GetProperty("name").GetString()));
        Assert.True(features[0].GetProperty("drifted").GetBoolean());
    }

    [Fact]
    public async Task DriftCheck_NoProfileOrFewRows_Is404OrSaysNotEnoughData()
    {
        using var admin = _factory.CreateAdminClient();
        var bare = MonitoringScenario.NewName("bare");
        await MonitoringScenario.RegisterAsync(_factory.Services, bare, withProfile: false);
        var few = MonitoringScenario.NewName("few");
        await MonitoringScenario.RegisterAsync(_factory.Services, few);
        await MonitoringScenario.WriteLogAsync(_factory.Services, MonitoringScenario.Records(few, 2, drifted: false, seed: 12));

        using var noProfile = await admin.PostAsync($"/api/models/{bare}/drift/check?{Window}", null);
        using var fewRows = await admin.PostAsync($"/api/models/{few}/drift/check?{Window}", null);
        using var badWindow = await admin.PostAsync($"/api/models/{few}/drift/check?from=yesterday", null);

        Assert.Equal(HttpStatusCode.NotFound, noProfile.StatusCode);
        Assert.Contains("no training profile", (await noProfile.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, fewRows.StatusCode);
        var report = await fewRows.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("notEnoughData", report.GetProperty("drift").GetProperty("status").GetString());
        Assert.Contains("10 rows", report.GetProperty("drift").GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, badWindow.StatusCode);
        Assert.Equal("from", (await badWindow.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("field").GetString());
    }

    [Fact]
    public async Task Feedback_ThenPerformance_JoinsKnownIdsReportsUnknownAndComputesLiveMetrics()
    {
        using var client = _factory.CreateFunctionClient();
        var model = MonitoringScenario.NewName("fb");
        await MonitoringScenario.RegisterAsync(_factory.Services, model);
        await MonitoringScenario.WriteLogAsync(_factory.Services, MonitoringScenario.Records(model, 40, drifted: false, seed: 13, error: 2.5));

        using var posted = await client.PostAsync(
            $"/api/models/{model}/feedback?{Window}",
            new ByteArrayContent(MonitoringScenario.FeedbackBody(13, Enumerable.Range(0, 40), "ghost-1", "ghost-2")) { Headers = { ContentType = new("application/json") } });

        Assert.Equal(HttpStatusCode.OK, posted.StatusCode);
        var result = await posted.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal((42, 40, 200), (result.GetProperty("received").GetInt32(), result.GetProperty("accepted").GetInt32(), result.GetProperty("acceptedRows").GetInt32()));
        Assert.Equal(["ghost-1", "ghost-2"], result.GetProperty("unknownRequestIds").EnumerateArray().Select(e => e.GetString()));

        var performance = (await client.GetFromJsonAsync<JsonElement>($"/api/models/{model}/performance?{Window}")).GetProperty("performance");
        Assert.Equal("computed", performance.GetProperty("status").GetString());
        Assert.Equal(2.5, performance.GetProperty("live").GetProperty("rmse").GetDouble(), 6);
        Assert.True(performance.GetProperty("degraded").GetBoolean());

        using var bad = await client.PostAsync($"/api/models/{model}/feedback", new StringContent("""{"outcomes":[]}""", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
    }

    [Fact]
    public async Task Policy_BadValues_Are400AndNothingIsStored()
    {
        using var admin = _factory.CreateAdminClient();
        var model = MonitoringScenario.NewName("policy");
        await MonitoringScenario.RegisterAsync(_factory.Services, model);

        using var cron = await admin.PutAsJsonAsync($"/api/models/{model}/monitoring", new { cron = "every hour" });
        using var threshold = await admin.PutAsJsonAsync($"/api/models/{model}/monitoring", new { degradationThreshold = -1 });
        using var function = _factory.CreateFunctionClient();
        using var forbidden = await function.PutAsJsonAsync($"/api/models/{model}/monitoring", new { });

        Assert.Equal((HttpStatusCode.BadRequest, "cron"), (cron.StatusCode, (await cron.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("field").GetString()));
        Assert.Equal((HttpStatusCode.BadRequest, "degradationThreshold"), (threshold.StatusCode, (await threshold.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("field").GetString()));
        Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);
        var policy = await function.GetFromJsonAsync<JsonElement>($"/api/models/{model}/monitoring");
        Assert.False(policy.GetProperty("stored").GetBoolean());
        Assert.Equal("0 0 * * * *", policy.GetProperty("policy").GetProperty("cron").GetString());
    }

    [Fact]
    public async Task Schedule_PolicyEveryTwoSeconds_TheServersSchedulerRunsTheCheckWorkflow()
    {
        using var admin = _factory.CreateAdminClient();
        var model = MonitoringScenario.NewName("sched");
        await MonitoringScenario.RegisterAsync(_factory.Services, model);

        using (var put = await admin.PutAsJsonAsync($"/api/models/{model}/monitoring", new { cron = "*/2 * * * * *" }))
        {
            Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        }

        var latest = await Eventually.WaitAsync(
            async () =>
            {
                using var response = await admin.GetAsync($"/api/models/{model}/drift");
                return response.StatusCode == HttpStatusCode.OK ? await response.Content.ReadFromJsonAsync<JsonElement>() : default;
            },
            l => l.ValueKind == JsonValueKind.Object,
            "a scheduled check");

        var summary = latest.GetProperty("latest");
        Assert.Equal("schedule", summary.GetProperty("trigger").GetString());
        Assert.StartsWith($"monitor-{model}-", summary.GetProperty("checkId").GetString(), StringComparison.Ordinal);

        // No traffic in the live window: the check says so instead of computing noise.
        Assert.Equal("notEnoughData", summary.GetProperty("status").GetString());
        using (var off = await admin.PutAsJsonAsync($"/api/models/{model}/monitoring", new { enabled = false }))
        {
            Assert.Equal(HttpStatusCode.OK, off.StatusCode);
        }
    }

    [Fact]
    public async Task Schedule_ModelWithoutProfile_RunCompletesWithTheReasonInsteadOfRetrying()
    {
        using var admin = _factory.CreateAdminClient();
        var model = MonitoringScenario.NewName("sbare");
        await MonitoringScenario.RegisterAsync(_factory.Services, model, withProfile: false);

        using (var put = await admin.PutAsJsonAsync($"/api/models/{model}/monitoring", new { cron = "*/2 * * * * *" }))
        {
            Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        }

        var run = await Eventually.WaitAsync(
            async () => (await admin.GetFromJsonAsync<JsonElement>("/api/pipelines?name=ModelMonitoringWorkflow&top=1000")).EnumerateArray()
                .FirstOrDefault(r => r.GetProperty("instanceId").GetString()!.StartsWith($"monitor-{model}-", StringComparison.Ordinal)
                    && r.GetProperty("runtimeStatus").GetString() == "Completed"),
            r => r.ValueKind == JsonValueKind.Object,
            "a completed scheduled run");
        using (var off = await admin.PutAsJsonAsync($"/api/models/{model}/monitoring", new { enabled = false }))
        {
            Assert.Equal(HttpStatusCode.OK, off.StatusCode);
        }

        var output = run.GetProperty("output");
        Assert.Equal("error", output.GetProperty("status").GetString());
        Assert.Contains("has no training profile", output.GetProperty("error").GetString(), StringComparison.Ordinal);
        using var none = await admin.GetAsync($"/api/models/{model}/drift");
        Assert.Equal(HttpStatusCode.NotFound, none.StatusCode);
    }
}
