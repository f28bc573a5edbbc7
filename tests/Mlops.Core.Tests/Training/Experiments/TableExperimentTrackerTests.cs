using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Mlops.Core.Diagnostics;
using Mlops.Core.Tests.Infrastructure;
using Mlops.Core.Training.Data;
using Mlops.Core.Training.Evaluation;
using Mlops.Core.Training.Experiments;

namespace Mlops.Core.Tests.Training.Experiments;

public sealed class TableExperimentTrackerTests : IAsyncLifetime
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2025, 6, 30, 12, 0, 0, TimeSpan.Zero));
    private CoreHost _host = null!;

    private IExperimentTracker Tracker => _host.Services.GetRequiredService<IExperimentTracker>();

    public async Task InitializeAsync() =>
        _host = await CoreHost.StartAsync(configureServices: services => services.AddSingleton<TimeProvider>(_time));

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task TouchExperiment_TwiceLater_KeepsCreatedAndMovesUpdated()
    {
        var created = await Tracker.TouchExperimentAsync("exp-a");
        _time.Advance(TimeSpan.FromHours(1));

        var touched = await Tracker.TouchExperimentAsync("exp-a");

        Assert.Equal(created.CreatedAt, touched.CreatedAt);
        Assert.Equal(created.CreatedAt.AddHours(1), touched.UpdatedAt);
        Assert.Contains(await ToListAsync(Tracker.ListExperimentsAsync()), e => e.Name == "exp-a");
    }

    [Fact]
    public async Task SaveRun_RunningThenCompleted_ReplacesTheRecord()
    {
        await Tracker.TouchExperimentAsync("exp-b");
        var running = Run("exp-b", "20250630120000-abcdef-000");
        await Tracker.SaveRunAsync(running);
        var completed = running with
        {
            Status = RunStatus.Completed,
            Metrics = new Dictionary<string, double> { ["auc"] = 0.81 },
            TestMetrics = new Dictionary<string, double> { ["auc"] = 0.8 },
            ConfusionMatrix = new ConfusionMatrix(["no", "yes"], [[9, 2], [1, 3]]),
            TestConfusionMatrix = new ConfusionMatrix(["no", "yes"], [[8, 3], [2, 2]]),
            DataWarnings = [new DataWarning(DataWarningCode.ConstantColumn, "region", "Column 'region' has one value.")],
            ArtifactUri = "http://127.0.0.1/runs/exp-b/sha256/aa.onnx",
            ArtifactSha256 = new string('a', 64),
            EndedAt = running.StartedAt.AddSeconds(2),
            DurationMs = 1999.5,
            Selected = true,
            ModelVersion = 3,
        };

        await Tracker.SaveRunAsync(completed);

        var stored = await Tracker.GetRunAsync("exp-b", running.RunId);
        Assert.Equal(Json(completed), Json(stored));
    }

    [Fact]
    public async Task SaveRun_ConfusionMatrixTooLargeForATableProperty_RunSavedWithoutIt()
    {
        var classes = Enumerable.Range(0, 200).Select(c => $"class-{c}").ToList();
        var counts = classes.Select((_, a) => (IReadOnlyList<long>)[.. classes.Select((_, p) => a == p ? 10L : 0L)]).ToList();
        var run = Run("exp-g", "20250630120000-abcdef-002") with
        {
            Status = RunStatus.Completed,
            Task = "multiclass-classification",
            Metrics = new Dictionary<string, double> { ["log_loss"] = 0.1 },
            ConfusionMatrix = new ConfusionMatrix(classes, counts),
        };

        await Tracker.SaveRunAsync(run);

        var stored = await Tracker.GetRunAsync("exp-g", run.RunId);
        Assert.Equal((RunStatus.Completed, 0.1), (stored.Status, stored.Metrics["log_loss"]));
        Assert.Null(stored.ConfusionMatrix);
    }

    [Fact]
    public async Task SaveRun_FailedAfterRunning_DropsNothingItNeedsAndKeepsTheError()
    {
        var running = Run("exp-c", "20250630120000-abcdef-001");
        await Tracker.SaveRunAsync(running);

        await Tracker.SaveRunAsync(running with { Status = RunStatus.Failed, Error = "bad" });

        var stored = await Tracker.GetRunAsync("exp-c", running.RunId);
        Assert.Equal((RunStatus.Failed, "bad", null), (stored.Status, stored.Error, stored.TestMetrics));
    }

    [Fact]
    public async Task ListRuns_ManyRuns_InRunIdOrderAndOnlyThisExperiment()
    {
        foreach (var id in new[] { "20250630120000-bbbbbb-001", "20250630120000-bbbbbb-000", "20250629120000-cccccc-000" })
        {
            await Tracker.SaveRunAsync(Run("exp-d", id));
        }

        await Tracker.SaveRunAsync(Run("exp-d2", "20250630120000-dddddd-000"));

        var runs = await ToListAsync(Tracker.ListRunsAsync("exp-d"));

        Assert.Equal(["20250629120000-cccccc-000", "20250630120000-bbbbbb-000", "20250630120000-bbbbbb-001"], runs.Select(r => r.RunId));
    }

    [Fact]
    public async Task GetRunAndExperiment_Missing_Are404()
    {
        var run = await Assert.ThrowsAsync<MlopsException>(() => Tracker.GetRunAsync("exp-e", "20250630120000-abcdef-000"));
        var experiment = await Assert.ThrowsAsync<MlopsException>(() => Tracker.GetExperimentAsync("exp-e"));

        Assert.Equal(ErrorCategory.NotFound, run.Category);
        Assert.Equal(ErrorCategory.NotFound, experiment.Category);
    }

    [Theory]
    [InlineData("../x")]
    [InlineData("run-1")]
    [InlineData("20250630120000-ABCDEF-000")]
    public async Task FindRun_MalformedId_Is400(string runId)
    {
        var ex = await Assert.ThrowsAsync<MlopsException>(() => Tracker.FindRunAsync("exp-f", runId));

        Assert.Equal((ErrorCategory.Validation, "runId"), (ex.Category, ex.Field));
    }

    private ExperimentRun Run(string experiment, string runId) => new()
    {
        Experiment = experiment,
        RunId = runId,
        SweepId = runId[..^4],
        Candidate = int.Parse(runId[^3..], System.Globalization.CultureInfo.InvariantCulture),
        Status = RunStatus.Running,
        Model = "m",
        Task = "binary-classification",
        Trainer = "lightgbm",
        Parameters = new Dictionary<string, double> { ["numberOfLeaves"] = 31, ["learningRate"] = 0.05 },
        Seed = 4,
        Metric = "auc",
        TrainRows = 70,
        ValidationRows = 15,
        DataUri = "blob://datasets/abc.csv",
        DataDigest = new string('d', 64),
        CodeRevision = "abc123",
        StartedAt = _time.GetUtcNow(),
    };

    private static string Json<T>(T value) => System.Text.Json.JsonSerializer.Serialize(value, Mlops.Core.Api.MlopsJson.Options);

    private static async Task<List<T>> ToListAsync<T>(IAsyncEnumerable<T> items)
    {
        var list = new List<T>();
        await foreach (var item in items)
        {
            list.Add(item);
        }

        return list;
    }
}
