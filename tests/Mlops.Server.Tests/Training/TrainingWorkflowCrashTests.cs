using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Azure.Storage.Blobs;
using Mlops.Core.Tests.Infrastructure;
using Mlops.Core.Training.Data;
using Mlops.Server.Tests.Infrastructure;

namespace Mlops.Server.Tests.Training;

/// <summary>
/// The training workflow survives its server being killed (the whole process tree, no graceful shutdown) and started
/// again over the same storage: the run completes, exactly one version is registered, and approval waits and durable
/// timers carry over.
/// </summary>
public sealed class TrainingWorkflowCrashTests
{
    private static readonly Dictionary<string, string?> FastEngine = new()
    {
        // A killed server's partitions are taken over once its leases expire.
        ["Workflows:LeaseDuration"] = "00:00:03",
        ["Workflows:LeaseRenewInterval"] = "00:00:00.500",
        ["Workflows:MaxPollingInterval"] = "00:00:00.100",
        ["Workflows:CompletionPollingInterval"] = "00:00:00.050",
        ["Pipelines:BlobWatcher:Enabled"] = "false",
        ["Pipelines:Scheduler:Enabled"] = "false",
    };

    [Fact]
    public async Task Kill_InsideALongCandidateActivity_RestartCompletesWithExactlyOneVersion()
    {
        var prefix = TestStorage.NewPrefix();
        var model = TrainingUploads.NewName("crash");
        await using var first = await ServerProcess.StartAsync(prefix, FastEngine);
        var id = await StartAsync(first, prefix, model, rows: 20_000, new
        {
            label = "churned",
            seed = 1,
            trainers = new object[]
            {
                new { trainer = "lightgbm", parameters = new { numberOfIterations = 300 }, search = new { numberOfLeaves = new[] { 31, 63 } } },
                new { trainer = "linear" },
            },
        });

        // Candidates scheduled and none finished: the kill lands inside the candidate activities.
        await WaitForStatusAsync(first, id, s => Step(s) == "train" && Progress(s) == "0/3 candidates" || IsFinished(s));
        first.Kill();
        await using var second = await ServerProcess.StartAsync(prefix, FastEngine);
        var status = await WaitForFinishAsync(second, id);

        await AssertOneVersionAsync(second, model, id, status);

        // Candidates re-run after the crash rewrite their own run rows: one run per candidate, all completed.
        using var reader = second.CreateFunctionClient();
        var runs = (await reader.GetFromJsonAsync<JsonElement>($"/api/experiments/{model}/runs")).GetProperty("runs").EnumerateArray().ToList();
        Assert.Equal(3, runs.Count);
        Assert.All(runs, r => Assert.Equal("completed", r.GetProperty("status").GetString()));
    }

    [Fact]
    public async Task Kill_WhileRegistering_RestartCompletesWithExactlyOneVersion()
    {
        var prefix = TestStorage.NewPrefix();
        var model = TrainingUploads.NewName("crash");
        await using var first = await ServerProcess.StartAsync(prefix, FastEngine);
        var id = await StartAsync(first, prefix, model, rows: 2_000, Linear());

        // Between the evaluation and the registration, or just after the registry committed: a re-run must find its version.
        await WaitForStatusAsync(first, id, s => Step(s) is "register" or "aliases" or "done" || IsFinished(s));
        first.Kill();
        await using var second = await ServerProcess.StartAsync(prefix, FastEngine);
        var status = await WaitForFinishAsync(second, id);

        await AssertOneVersionAsync(second, model, id, status);
    }

    [Fact]
    public async Task Kill_DuringApprovalWait_ApprovalAfterRestartPromotes()
    {
        var prefix = TestStorage.NewPrefix();
        var model = TrainingUploads.NewName("crash");
        await using var first = await ServerProcess.StartAsync(prefix, FastEngine);
        var id = await StartAsync(first, prefix, model, rows: 600, Linear(), new { mode = "approval", approvalTimeout = "1.00:00:00" });
        await WaitForStatusAsync(first, id, s => Step(s) == "approval" || IsFinished(s));

        first.Kill();
        await using var second = await ServerProcess.StartAsync(prefix, FastEngine);
        using var admin = second.CreateAdminClient();
        using var raised = await admin.PostAsJsonAsync($"/api/pipelines/{id}/events/approval", new { approved = true, by = "ada", reason = "ok" });
        var status = await WaitForFinishAsync(second, id);

        Assert.Equal(HttpStatusCode.Accepted, raised.StatusCode);
        var output = Output(status, second);
        Assert.Equal(("approved", true), (output.GetProperty("decision").GetString(), output.GetProperty("promoted").GetBoolean()));
        var champion = await admin.GetFromJsonAsync<JsonElement>($"/api/models/{model}/aliases/champion");
        Assert.Equal(1, champion.GetProperty("version").GetInt32());
    }

    [Fact]
    public async Task Kill_DuringApprovalWait_DurableTimerStillRejectsAfterRestart()
    {
        var prefix = TestStorage.NewPrefix();
        var model = TrainingUploads.NewName("crash");
        await using var first = await ServerProcess.StartAsync(prefix, FastEngine);
        var id = await StartAsync(first, prefix, model, rows: 600, Linear(), new { mode = "approval", approvalTimeout = "00:00:15" });
        await WaitForStatusAsync(first, id, s => Step(s) == "approval" || IsFinished(s));

        first.Kill();
        await using var second = await ServerProcess.StartAsync(prefix, FastEngine);
        var status = await WaitForFinishAsync(second, id);

        var output = Output(status, second);
        Assert.Equal(("timedOut", false), (output.GetProperty("decision").GetString(), output.GetProperty("promoted").GetBoolean()));
        using var reader = second.CreateFunctionClient();
        using var alias = await reader.GetAsync($"/api/models/{model}/aliases/champion");
        Assert.Equal(HttpStatusCode.NotFound, alias.StatusCode);
    }

    private static object Linear() => new { label = "churned", seed = 1, trainers = new object[] { new { trainer = "linear" } } };

    private static async Task<string> StartAsync(ServerProcess server, string prefix, string model, int rows, object training, object? gate = null)
    {
        using var admin = server.CreateAdminClient();
        using var policy = await admin.PutAsJsonAsync($"/api/models/{model}/policy", new { training, gate });
        Assert.True(policy.IsSuccessStatusCode, await policy.Content.ReadAsStringAsync());
        var container = new BlobServiceClient(TestStorage.ConnectionString).GetBlobContainerClient(prefix + DatasetContainers.TrainingData);
        await container.CreateIfNotExistsAsync();
        await container.GetBlobClient($"{model}/data.csv").UploadAsync(new BinaryData(await TrainingUploads.ChurnCsvAsync(rows)), overwrite: true);
        using var started = await admin.PostAsJsonAsync("/api/pipelines/TrainingWorkflow", new { model, data = $"blob://training-data/{model}/data.csv" });
        Assert.True(started.StatusCode == HttpStatusCode.Accepted, await started.Content.ReadAsStringAsync());
        return (await started.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
    }

    private static async Task AssertOneVersionAsync(ServerProcess server, string model, string id, JsonElement status)
    {
        var output = Output(status, server);
        using var reader = server.CreateFunctionClient();
        var versions = (await reader.GetFromJsonAsync<JsonElement>($"/api/models/{model}/versions")).GetProperty("versions").EnumerateArray().ToList();
        var version = Assert.Single(versions);
        Assert.Equal(1, output.GetProperty("version").GetInt32());
        Assert.Equal(id, version.GetProperty("lineage").GetProperty("runId").GetString());
    }

    private static JsonElement Output(JsonElement status, ServerProcess server)
    {
        Assert.True(status.GetProperty("runtimeStatus").GetString() == "Completed", $"{status}\n{server.Log}");
        return status.GetProperty("output");
    }

    private static Task<JsonElement> WaitForStatusAsync(ServerProcess server, string id, Func<JsonElement, bool> done) =>
        Eventually.WaitAsync(
            async () =>
            {
                using var client = server.CreateFunctionClient();
                return await client.GetFromJsonAsync<JsonElement>($"/api/pipelines/{id}");
            },
            done,
            $"instance {id}");

    private static Task<JsonElement> WaitForFinishAsync(ServerProcess server, string id) =>
        Eventually.WaitAsync(
            async () =>
            {
                using var client = server.CreateFunctionClient();
                using var response = await client.GetAsync($"/api/pipelines/{id}");
                return await response.Content.ReadFromJsonAsync<JsonElement>();
            },
            IsFinished,
            $"instance {id} to finish after the restart");

    private static bool IsFinished(JsonElement status) =>
        status.TryGetProperty("runtimeStatus", out var runtime) && runtime.GetString() is "Completed" or "Failed" or "Terminated";

    private static string? Step(JsonElement status) =>
        status.TryGetProperty("customStatus", out var custom) && custom.ValueKind == JsonValueKind.Object && custom.TryGetProperty("step", out var step)
            ? step.GetString()
            : null;

    private static string? Progress(JsonElement status) =>
        status.TryGetProperty("customStatus", out var custom) && custom.ValueKind == JsonValueKind.Object && custom.TryGetProperty("progress", out var progress)
            ? progress.GetString()
            : null;
}
