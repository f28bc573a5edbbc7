using System.Security.Cryptography;
using System.Text.Json;
using Azure.Storage.Blobs;
using Microsoft.Extensions.DependencyInjection;
using Mlops.Core.Api;
using Mlops.Core.Diagnostics;
using Mlops.Core.Registry;
using Mlops.Core.Storage;
using Mlops.Core.Tests.Infrastructure;
using Mlops.Core.Tests.Training.Data;
using Mlops.Core.Training;
using Mlops.Core.Training.Data;
using Mlops.Core.Training.Demo;
using Mlops.Core.Training.Evaluation;
using Mlops.Core.Training.Experiments;
using Mlops.Core.Training.Sweeps;

namespace Mlops.Core.Tests.Training;

/// <summary>One training request end to end against Azurite: intake, sweep, runs, profile and registration.</summary>
public sealed class TrainingServiceTests : IAsyncLifetime
{
    private CoreHost _host = null!;

    private ITrainingService Training => _host.Services.GetRequiredService<ITrainingService>();

    private IExperimentTracker Tracker => _host.Services.GetRequiredService<IExperimentTracker>();

    private IModelRegistry Registry => _host.Services.GetRequiredService<IModelRegistry>();

    public async Task InitializeAsync() =>
        _host = await CoreHost.StartAsync(new Dictionary<string, string?> { [BuildInfo.RevisionSetting] = "test-revision-1" });

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task TrainAsync_GridOverTwoTrainers_RegistersTheBestValidationRunWithLineageAndProfile()
    {
        var data = await UploadChurnAsync("churn/grid.csv", rows: 800);
        var request = Request("churn-grid", "blob://training-data/churn/grid.csv") with
        {
            Trainers =
            [
                new TrainerSweep
                {
                    Trainer = "lightgbm",
                    Parameters = new Dictionary<string, double> { ["numberOfIterations"] = 20 },
                    Search = new Dictionary<string, SearchDimension> { ["numberOfLeaves"] = SearchDimension.Grid(4, 16) },
                },
                new TrainerSweep { Trainer = "linear" },
            ],
        };

        var result = await Training.TrainAsync(request, "admin");

        var runs = await ToListAsync(Tracker.ListRunsAsync("churn-grid"));
        Assert.Equal(3, runs.Count);
        Assert.Equal(result.RunIds, runs.Select(r => r.RunId));
        Assert.All(runs, r => Assert.Equal(RunStatus.Completed, r.Status));
        Assert.Equal(["lightgbm", "lightgbm", "linear"], runs.Select(r => r.Trainer));
        Assert.Equal([4.0, 16.0], runs.Take(2).Select(r => r.Parameters["numberOfLeaves"]));
        var bestValue = runs.Max(r => r.Metrics[MetricNames.Auc]);
        var best = runs.First(r => r.Metrics[MetricNames.Auc] == bestValue);
        Assert.Equal(best.RunId, result.BestRunId);
        Assert.Equal((MetricNames.Auc, MetricGoal.Maximize, bestValue), (result.Metric.Name, result.Metric.Goal, result.Metric.Validation));
        var selected = Assert.Single(runs, r => r.Selected);
        Assert.Equal((best.RunId, 1), (selected.RunId, selected.ModelVersion));
        Assert.Equal(result.TestMetrics[MetricNames.Auc], selected.TestMetrics![MetricNames.Auc]);

        var version = await Registry.GetVersionAsync("churn-grid", 1);
        Assert.Equal(best.ArtifactSha256, version.Sha256);
        Assert.Equal(JsonSerializer.Serialize(result.Version, MlopsJson.Options), JsonSerializer.Serialize(version, MlopsJson.Options));
        Assert.Empty((await Registry.GetModelAsync("churn-grid")).Aliases);
        Assert.Equal($"blob://datasets/{data.Digest}.csv", version.Lineage.TrainingDataUri);
        Assert.Equal((data.Digest, "test-revision-1", best.RunId), (version.Lineage.TrainingDataDigest, version.Lineage.CodeRevision, version.Lineage.RunId));
        Assert.Contains(".NET", version.Lineage.Environment!["dotnet"], StringComparison.Ordinal);
        Assert.StartsWith("5.", version.Lineage.Environment["Microsoft.ML"], StringComparison.Ordinal);
        Assert.StartsWith("1.", version.Lineage.Environment["Microsoft.ML.OnnxRuntime"], StringComparison.Ordinal);
        Assert.Equal(best.Trainer, version.Parameters["trainer"]);
        Assert.Equal(result.TestMetrics[MetricNames.Auc], version.Metrics[MetricNames.Auc]);
        Assert.Equal(bestValue, version.Metrics["validation_auc"]);
        Assert.Equal(0.5, version.Metrics["baseline_auc"]);

        var profile = await _host.Services.GetRequiredService<IModelProfileStore>().GetAsync(version);
        Assert.Equal((800L, data.Digest), (profile.RowCount, profile.DataDigest));
        Assert.Contains(profile.Features, f => f.Name == "tenure_months" && f.BinEdges is { Count: > 0 });
        Assert.EndsWith($"/churn-grid/profiles/sha256/{version.ProfileSha256}.json", version.ProfileUri, StringComparison.Ordinal);

        // The reference sample drift checks use for exact numerical tests: every value of an 800-row column.
        var sample = await _host.Services.GetRequiredService<IModelProfileStore>().FindSampleAsync(version);
        Assert.NotNull(sample);
        Assert.Equal(800 - profile.Find("tenure_months")!.MissingCount, sample.Columns["tenure_months"].Count);
        Assert.DoesNotContain("contract", sample.Columns.Keys);
    }

    [Fact]
    public async Task TrainAsync_Result_BestBeatsTheBaselineOnTheTestRows()
    {
        await UploadChurnAsync("churn/baseline.csv", rows: 1000);

        var result = await Training.TrainAsync(Request("churn-baseline", "blob://training-data/churn/baseline.csv"), "admin");

        Assert.Equal(1000, result.Rows.Train + result.Rows.Validation + result.Rows.Test);
        Assert.InRange(result.Rows.Test, 148, 152);
        Assert.Equal(0.5, result.Metric.Baseline);
        Assert.True(result.Metric.Test > result.Metric.Baseline, $"test AUC {result.Metric.Test} is not above the baseline's {result.Metric.Baseline}");
        Assert.True(result.TestMetrics[MetricNames.LogLoss] < result.BaselineMetrics[MetricNames.LogLoss]);
    }

    [Fact]
    public async Task TrainAsync_DataWarnings_ReturnedAndKeptWithEveryRun()
    {
        await UploadChurnAsync("churn/warnings.csv", rows: 300);
        var request = Request("churn-warnings", "blob://training-data/churn/warnings.csv") with
        {
            Columns = new Dictionary<string, ColumnOverride> { ["age"] = new(Minimum: 18, Maximum: 30) },
            Trainers = [new TrainerSweep { Trainer = "linear", Search = new Dictionary<string, SearchDimension> { ["l2Regularization"] = SearchDimension.Grid(0.1, 1) } }],
        };

        var result = await Training.TrainAsync(request, "admin");

        Assert.Contains(result.Warnings, w => w.Code == DataWarningCode.OutOfRange && w.Column == "age");
        var runs = await ToListAsync(Tracker.ListRunsAsync("churn-warnings"));
        Assert.Equal(2, runs.Count);
        Assert.All(runs, r => Assert.Equal(Json(result.Warnings), Json(r.DataWarnings)));
    }

    [Fact]
    public async Task TrainAsync_SameRequestTwice_SameCandidatesMetricsAndArtifacts()
    {
        await UploadChurnAsync("churn/twice.csv", rows: 500);
        var request = Request("churn-twice", "blob://training-data/churn/twice.csv") with
        {
            Seed = 3,
            Trainers =
            [
                new TrainerSweep
                {
                    Trainer = "fasttree",
                    Parameters = new Dictionary<string, double> { ["numberOfTrees"] = 10 },
                    Search = new Dictionary<string, SearchDimension> { ["learningRate"] = SearchDimension.Range(0.05, 0.5, SearchScale.Log) },
                    Samples = 3,
                },
            ],
        };

        var first = await Training.TrainAsync(request, "admin");
        var second = await Training.TrainAsync(request, "admin");

        var runs = await ToListAsync(Tracker.ListRunsAsync("churn-twice"));
        var bySweep = runs.GroupBy(r => r.SweepId).ToDictionary(g => g.Key, g => g.OrderBy(r => r.Candidate).ToList());
        Assert.Equal(2, bySweep.Count);
        Assert.NotEqual(first.SweepId, second.SweepId);
        Assert.Equal(
            bySweep[first.SweepId].Select(r => (Json(r.Parameters), Json(r.Metrics), r.ArtifactSha256)),
            bySweep[second.SweepId].Select(r => (Json(r.Parameters), Json(r.Metrics), r.ArtifactSha256)));
        Assert.Equal(first.Version.Sha256, second.Version.Sha256);
        Assert.Equal((1, 2), (first.Version.Version, second.Version.Version));
    }

    [Fact]
    public async Task TrainAsync_Regression_TimeSplitMinimizesRmse()
    {
        await UploadChurnAsync("churn/regression.csv", rows: 400);
        var request = Request("tenure", "blob://training-data/churn/regression.csv") with
        {
            Label = "tenure_months",
            Columns = new Dictionary<string, ColumnOverride> { ["churned"] = new(Role: ColumnRole.Ignored) },
            Split = new SplitOptions(SplitStrategy.Time, 0.2, 0.2, "signup_date"),
            Trainers = [new TrainerSweep { Trainer = "linear" }, new TrainerSweep { Trainer = "lightgbm", Parameters = new Dictionary<string, double> { ["numberOfIterations"] = 20 } }],
        };

        var result = await Training.TrainAsync(request, "admin");

        Assert.Equal(("regression", MetricNames.Rmse, MetricGoal.Minimize), (result.Task, result.Metric.Name, result.Metric.Goal));
        var runs = await ToListAsync(Tracker.ListRunsAsync("tenure"));
        Assert.Equal(runs.Min(r => r.Metrics[MetricNames.Rmse]), result.Metric.Validation);
        Assert.True(result.Metric.Test < result.Metric.Baseline);
        Assert.Equal("time", result.Version.Parameters["split"]);
    }

    [Fact]
    public async Task TrainAsync_Multiclass_SoftmaxAndTreesRecordMacroMicroMetricsAndConfusionMatrices()
    {
        await UploadChurnAsync("churn/multiclass.csv", rows: 600);
        var request = Request("contract", "blob://training-data/churn/multiclass.csv") with
        {
            Label = "contract",
            Metric = MetricNames.MacroF1,
            Trainers =
            [
                new TrainerSweep { Trainer = "linear" },
                new TrainerSweep { Trainer = "fasttree", Parameters = new Dictionary<string, double> { ["numberOfTrees"] = 10 } },
                new TrainerSweep { Trainer = "lightgbm", Parameters = new Dictionary<string, double> { ["numberOfIterations"] = 10 } },
            ],
        };

        var result = await Training.TrainAsync(request, "admin");

        Assert.Equal(("multiclass-classification", MetricNames.MacroF1, MetricGoal.Maximize), (result.Task, result.Metric.Name, result.Metric.Goal));
        var runs = await ToListAsync(Tracker.ListRunsAsync("contract"));
        Assert.Equal(["linear", "fasttree", "lightgbm"], runs.Select(r => r.Trainer));
        string[] averaged = [MetricNames.Accuracy, MetricNames.MacroAccuracy, MetricNames.MicroF1, MetricNames.MacroF1, MetricNames.MicroAuc, MetricNames.MacroAuc, MetricNames.LogLoss];
        foreach (var run in runs)
        {
            Assert.Equal(RunStatus.Completed, run.Status);
            Assert.Subset(run.Metrics.Keys.ToHashSet(), averaged.ToHashSet());
            var matrix = run.ConfusionMatrix!;
            Assert.Equal(ChurnDataGenerator.Contracts, matrix.Classes);
            Assert.Equal(run.ValidationRows, matrix.Counts.Sum(row => row.Sum()));
            Assert.Equal(Trace(matrix) / (double)run.ValidationRows, run.Metrics[MetricNames.Accuracy], 1e-9);
        }

        Assert.Equal(runs.Max(r => r.Metrics[MetricNames.MacroF1]), result.Metric.Validation);
        var selected = Assert.Single(runs, r => r.Selected);
        Assert.Equal(result.BestRunId, selected.RunId);
        Assert.All(runs.Where(r => !r.Selected), r => Assert.Null(r.TestConfusionMatrix));
        Assert.Equal(Json(result.TestConfusionMatrix), Json(selected.TestConfusionMatrix));
        Assert.Equal(result.Rows.Test, selected.TestConfusionMatrix!.Counts.Sum(row => row.Sum()));
        Assert.Equal(Trace(selected.TestConfusionMatrix) / (double)result.Rows.Test, result.TestMetrics[MetricNames.Accuracy], 1e-9);
        Assert.True(result.Metric.Test > result.Metric.Baseline, $"test macro F1 {result.Metric.Test} is not above the baseline's {result.Metric.Baseline}");
    }

    [Fact]
    public async Task TrainAsync_DefaultParallelism_TrainsAsManyCandidatesAtOnceAsThereAreCoresAndNoMore()
    {
        var candidates = Math.Clamp(Environment.ProcessorCount + 1, 3, 20);
        var expected = Math.Min(Environment.ProcessorCount, candidates);
        ConcurrencyProbe? probe = null;
        await using var host = await CoreHost.StartAsync(configureServices: services => services.AddSingleton<IExperimentTracker>(
            sp => probe = new ConcurrencyProbe(ActivatorUtilities.CreateInstance<TableExperimentTracker>(sp), expected)));
        var blobs = host.Services.GetRequiredService<BlobServiceClient>().GetBlobContainerClient(host.Services.GetRequiredService<StorageNames>().Container(DatasetContainers.TrainingData));
        await blobs.UploadBlobAsync("p.csv", new BinaryData((await TestFiles.ChurnCsvAsync(200)).ToArray()));
        var request = Request("parallel", "blob://training-data/p.csv") with
        {
            Trainers = [new TrainerSweep { Trainer = "linear", Search = new Dictionary<string, SearchDimension> { ["l2Regularization"] = SearchDimension.Grid([.. Enumerable.Range(1, candidates).Select(i => i / 10.0)]) } }],
        };

        var result = await host.Services.GetRequiredService<ITrainingService>().TrainAsync(request, "admin");

        Assert.Equal(candidates, result.RunIds.Count);
        Assert.True(probe!.Reached, $"{expected} candidates never trained at the same time; at most {probe.MaxInFlight} did.");
        Assert.Equal(expected, probe.MaxInFlight);
    }

    [Fact]
    public async Task TrainAsync_InvalidSearchValue_Is400BeforeReadingTheData()
    {
        var request = Request("never", "blob://training-data/does/not/exist.csv") with
        {
            Trainers = [new TrainerSweep { Trainer = "lightgbm", Search = new Dictionary<string, SearchDimension> { ["numberOfLeaves"] = SearchDimension.Grid(31, 1) } }],
        };

        var ex = await Assert.ThrowsAsync<MlopsException>(() => Training.TrainAsync(request, "admin"));

        Assert.Equal((ErrorCategory.Validation, "trainers[0].search.numberOfLeaves"), (ex.Category, ex.Field));
        Assert.Null(await Registry.FindModelAsync("never"));
        Assert.Null(await Tracker.FindExperimentAsync("never"));
    }

    [Fact]
    public async Task TrainAsync_BadLocation_Is400OnData()
    {
        var ex = await Assert.ThrowsAsync<MlopsException>(() => Training.TrainAsync(Request("never", "ftp://elsewhere/data.csv"), "admin"));

        Assert.Equal((ErrorCategory.Validation, "data"), (ex.Category, ex.Field));
    }

    [Fact]
    public async Task TrainAsync_MoreRowsThanAllowed_Is413AndRegistersNothing()
    {
        await using var host = await CoreHost.StartAsync(new Dictionary<string, string?> { ["Training:MaxRows"] = "99" });
        var blobs = host.Services.GetRequiredService<BlobServiceClient>().GetBlobContainerClient(host.Services.GetRequiredService<StorageNames>().Container(DatasetContainers.TrainingData));
        await blobs.UploadBlobAsync("big.csv", new BinaryData((await TestFiles.ChurnCsvAsync(100)).ToArray()));

        var ex = await Assert.ThrowsAsync<MlopsException>(() => host.Services.GetRequiredService<ITrainingService>().TrainAsync(Request("big", "blob://training-data/big.csv"), "admin"));

        Assert.Equal((ErrorCategory.PayloadTooLarge, "data"), (ex.Category, ex.Field));
        Assert.Contains("100 rows", ex.Message, StringComparison.Ordinal);
        Assert.Null(await host.Services.GetRequiredService<IModelRegistry>().FindModelAsync("big"));
    }

    [Fact]
    public async Task TrainAsync_CancelledMidSweep_RunsRecordedAsFailedAndNothingRegistered()
    {
        using var cancel = new CancellationTokenSource();
        await using var host = await CoreHost.StartAsync(configureServices: services => services.AddSingleton<IExperimentTracker>(
            sp => new CancelOnFirstRun(ActivatorUtilities.CreateInstance<TableExperimentTracker>(sp), cancel)));
        var blobs = host.Services.GetRequiredService<BlobServiceClient>().GetBlobContainerClient(host.Services.GetRequiredService<StorageNames>().Container(DatasetContainers.TrainingData));
        await blobs.UploadBlobAsync("c.csv", new BinaryData((await TestFiles.ChurnCsvAsync(200)).ToArray()));
        var request = Request("cancelled", "blob://training-data/c.csv") with
        {
            Trainers = [new TrainerSweep { Trainer = "linear", Search = new Dictionary<string, SearchDimension> { ["l2Regularization"] = SearchDimension.Grid(0.1, 1, 10) } }],
        };

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => host.Services.GetRequiredService<ITrainingService>().TrainAsync(request, "admin", cancel.Token));

        var runs = await ToListAsync(host.Services.GetRequiredService<IExperimentTracker>().ListRunsAsync("cancelled"));
        Assert.NotEmpty(runs);
        Assert.All(runs, r => Assert.Equal((RunStatus.Failed, true), (r.Status, r.Error!.StartsWith("Cancelled", StringComparison.Ordinal))));
        Assert.Null(await host.Services.GetRequiredService<IModelRegistry>().FindModelAsync("cancelled"));
    }

    private static TrainingRequest Request(string model, string data) => new()
    {
        Model = model,
        Data = data,
        Label = "churned",
        Trainers = [new TrainerSweep { Trainer = "lightgbm", Parameters = new Dictionary<string, double> { ["numberOfIterations"] = 30 } }],
        Seed = 1,
    };

    private async Task<(byte[] Bytes, string Digest)> UploadChurnAsync(string path, int rows)
    {
        var bytes = (await TestFiles.ChurnCsvAsync(rows, seed: 11)).ToArray();
        var container = _host.Services.GetRequiredService<BlobServiceClient>()
            .GetBlobContainerClient(_host.Services.GetRequiredService<StorageNames>().Container(DatasetContainers.TrainingData));
        await container.UploadBlobAsync(path, new BinaryData(bytes));
        return (bytes, Convert.ToHexStringLower(SHA256.HashData(bytes)));
    }

    private static string Json<T>(T value) => JsonSerializer.Serialize(value, MlopsJson.Options);

    private static async Task<List<T>> ToListAsync<T>(IAsyncEnumerable<T> items)
    {
        var list = new List<T>();
        await foreach (var item in items)
        {
            list.Add(item);
        }

        return list;
    }

    private static long Trace(ConfusionMatrix matrix) => Enumerable.Range(0, matrix.Classes.Count).Sum(i => matrix.Counts[i][i]);

    /// <summary>
    /// Counts the runs between their "running" and final records, i.e. candidates training at once. Each candidate waits
    /// after its "running" record until <c>target</c> are in flight, so a sweep that trained them one by one is caught
    /// (the wait gives up after a while rather than hang the test).
    /// </summary>
    private sealed class ConcurrencyProbe(IExperimentTracker inner, int target) : DelegatingTracker(inner)
    {
        private readonly System.Collections.Concurrent.ConcurrentDictionary<string, bool> _inFlight = new(StringComparer.Ordinal);
        private readonly TaskCompletionSource _reached = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly Lock _gate = new();

        public int MaxInFlight { get; private set; }

        public bool Reached => _reached.Task.IsCompleted;

        public override async Task SaveRunAsync(ExperimentRun run, CancellationToken cancellationToken = default)
        {
            await base.SaveRunAsync(run, cancellationToken);
            if (run.Status != RunStatus.Running)
            {
                _inFlight.TryRemove(run.RunId, out _);
                return;
            }

            lock (_gate)
            {
                _inFlight[run.RunId] = true;
                MaxInFlight = Math.Max(MaxInFlight, _inFlight.Count);
                if (_inFlight.Count >= target)
                {
                    _reached.TrySetResult();
                }
            }

            await Task.WhenAny(_reached.Task, Task.Delay(TimeSpan.FromSeconds(30), cancellationToken));
        }
    }

    /// <summary>Cancels the request as soon as the first run is recorded as running, i.e. mid-sweep.</summary>
    private sealed class CancelOnFirstRun(IExperimentTracker inner, CancellationTokenSource cancel) : DelegatingTracker(inner)
    {
        public override async Task SaveRunAsync(ExperimentRun run, CancellationToken cancellationToken = default)
        {
            await base.SaveRunAsync(run, cancellationToken);
            if (run.Status == RunStatus.Running)
            {
                await cancel.CancelAsync();
            }
        }
    }

    /// <summary>Passes every call to the real tracker; the probes above watch the run records on their way.</summary>
    private abstract class DelegatingTracker(IExperimentTracker inner) : IExperimentTracker
    {
        public Task<Experiment> TouchExperimentAsync(string name, CancellationToken cancellationToken = default) => inner.TouchExperimentAsync(name, cancellationToken);

        public virtual Task SaveRunAsync(ExperimentRun run, CancellationToken cancellationToken = default) => inner.SaveRunAsync(run, cancellationToken);

        public IAsyncEnumerable<Experiment> ListExperimentsAsync(CancellationToken cancellationToken = default) => inner.ListExperimentsAsync(cancellationToken);

        public Task<Experiment?> FindExperimentAsync(string name, CancellationToken cancellationToken = default) => inner.FindExperimentAsync(name, cancellationToken);

        public Task<Experiment> GetExperimentAsync(string name, CancellationToken cancellationToken = default) => inner.GetExperimentAsync(name, cancellationToken);

        public IAsyncEnumerable<ExperimentRun> ListRunsAsync(string experiment, CancellationToken cancellationToken = default) => inner.ListRunsAsync(experiment, cancellationToken);

        public Task<ExperimentRun?> FindRunAsync(string experiment, string runId, CancellationToken cancellationToken = default) => inner.FindRunAsync(experiment, runId, cancellationToken);

        public Task<ExperimentRun> GetRunAsync(string experiment, string runId, CancellationToken cancellationToken = default) => inner.GetRunAsync(experiment, runId, cancellationToken);
    }
}
