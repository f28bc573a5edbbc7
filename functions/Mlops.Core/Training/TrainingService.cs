using System.Globalization;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Mlops.Core.Diagnostics;
using Mlops.Core.Features.Online;
using Mlops.Core.Features.PointInTime;
using Mlops.Core.Registry;
using Mlops.Core.Training.Data;
using Mlops.Core.Training.Evaluation;
using Mlops.Core.Training.Experiments;
using Mlops.Core.Training.Sweeps;
using Mlops.Core.Training.Trainers;

namespace Mlops.Core.Training;

internal sealed partial class TrainingService(
    IDatasetIntake intake,
    IDataSourceResolver sources,
    SweepRunner sweeps,
    IExperimentTracker tracker,
    IModelProfileStore profiles,
    IModelRegistry registry,
    BuildInfo build,
    TimeProvider time,
    IOptions<TrainingOptions> options,
    ILogger<TrainingService> logger) : ITrainingService
{
    public void Validate(TrainingRequest request)
    {
        var plan = TrainingPlanner.Plan(request, options.Value);
        AsRequestField(() => sources.Resolve(plan.Request.Data!));
    }

    public async Task<TrainingResult> TrainAsync(TrainingRequest request, string actor, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(actor);
        var started = time.GetTimestamp();
        var settings = options.Value;
        var plan = TrainingPlanner.Plan(request, settings);
        AsRequestField(() => sources.Resolve(request.Data!));
        using var activity = MlopsTelemetry.ActivitySource.StartActivity("training.train");
        activity?.SetTag("mlops.model", plan.Model);

        var ingested = await AsRequestFieldAsync(() => intake.IngestAsync(new DatasetRequest(request.Data!, request.Label, request.Columns, request.Format, request.Features), cancellationToken)).ConfigureAwait(false);
        var data = ingested.Data;
        if (data.RowCount > settings.MaxRows)
        {
            throw MlopsException.TooLarge(
                $"The data has {data.RowCount:N0} rows; POST /api/train trains on at most {settings.MaxRows:N0} ({TrainingOptions.SectionName}:MaxRows). Sample the data, or train it through the training workflow.",
                "data");
        }

        var bound = TrainingPlanner.Bind(plan, data);
        var all = TrainingData.FromDataset(data, bound.Task);
        var split = DataSplitter.Split(
            all.RowCount,
            bound.Split,
            request.Seed,
            all.Classes,
            bound.Split.Strategy == SplitStrategy.Time ? ((TimestampColumn)data.GetColumn(bound.Split.TimeColumn!)).Values.ToArray() : null);
        var train = all.Select(split.Train);
        var validation = all.Select(split.Validation);
        var test = all.Select(split.Test);
        ModelTrainer.CheckRows(train);

        var setup = new SweepSetup(
            plan.Experiment,
            RunIds.NewSweepId(time.GetUtcNow()),
            plan.Model,
            bound.Task,
            bound.Metric,
            bound.Goal,
            request.Seed,
            ingested.Snapshot.Uri,
            ingested.Snapshot.Digest,
            build.CodeRevision);
        await tracker.TouchExperimentAsync(plan.Experiment, cancellationToken).ConfigureAwait(false);
        var outcome = await sweeps.RunAsync(setup, plan.Candidates, train, validation, cancellationToken).ConfigureAwait(false);
        var best = outcome.Best ?? throw NoWinner(outcome, bound.Metric);

        var testMetrics = ModelEvaluator.Evaluate(best.Model, test).Values;
        var baseline = BaselineModel.Evaluate(train, test).Values;
        var profile = await profiles.SaveAsync(plan.Model, ingested.Profile, cancellationToken).ConfigureAwait(false);
        var metadata = new NewModelVersion
        {
            Description = request.Description ?? DefaultDescription(outcome, bound, data.RowCount, request.Data!),
            Tags = request.Tags,
            Metrics = RegisteredMetrics(testMetrics, baseline, bound.Metric, best.Value),
            Parameters = RegisteredParameters(best, bound, request.Seed, request.Features),
            Lineage = new ModelLineage(ingested.Snapshot.Uri, ingested.Snapshot.Digest, build.CodeRevision, best.Run.RunId, build.Environment),
            ProfileUri = profile.Uri,
            ProfileSha256 = profile.Sha256,
        };
        ModelVersion version;
        using (var onnx = new MemoryStream(best.Onnx, writable: false))
        {
            version = await registry.RegisterVersionAsync(plan.Model, onnx, metadata, actor, cancellationToken).ConfigureAwait(false);
        }

        await tracker.SaveRunAsync(
            best.Run with { Selected = true, TestMetrics = Finite(testMetrics), ModelVersion = version.Version },
            cancellationToken).ConfigureAwait(false);
        LogTrained(logger, plan.Model, version.Version, best.Run.RunId, bound.Metric, best.Value, outcome.Runs.Count);

        return new TrainingResult
        {
            Version = version,
            Experiment = plan.Experiment,
            SweepId = setup.SweepId,
            BestRunId = best.Run.RunId,
            RunIds = [.. outcome.Runs.Select(r => r.RunId)],
            FailedRuns = outcome.Runs.Count(r => r.Status == RunStatus.Failed),
            Task = TrainerNames.Format(bound.Task),
            Metric = new SweepMetric(bound.Metric, bound.Goal, best.Value, Value(testMetrics, bound.Metric), Value(baseline, bound.Metric)),
            TestMetrics = Finite(testMetrics),
            BaselineMetrics = Finite(baseline),
            Rows = new SplitRows(train.RowCount, validation.RowCount, test.RowCount),
            DataUri = ingested.Snapshot.Uri,
            DataDigest = ingested.Snapshot.Digest,
            Warnings = ingested.Report.Warnings,
            DurationMs = time.GetElapsedTime(started).TotalMilliseconds,
        };
    }

    private static MlopsException NoWinner(SweepOutcome outcome, string metric)
    {
        var failed = outcome.Runs.Where(r => r.Status == RunStatus.Failed).ToList();
        if (failed.Count == outcome.Runs.Count)
        {
            return MlopsException.Unprocessable(
                $"Every candidate failed; nothing was registered. First error ({failed[0].RunId}): {failed[0].Error}", "trainers");
        }

        return MlopsException.Unprocessable(
            $"Metric '{metric}' is undefined on the validation rows for every candidate (e.g. AUC when they hold one class); nothing was registered. Add rows, use a stratified split, or choose another metric.",
            "metric");
    }

    private static string DefaultDescription(SweepOutcome outcome, BoundTraining bound, int rows, string data) =>
        $"{TrainerNames.Format(bound.Task)} model: the best of {outcome.Runs.Count} candidate(s) ({string.Join(", ", outcome.Runs.Select(r => r.Trainer).Distinct())}) by validation {bound.Metric}, trained on {rows:N0} rows of {data}.";

    private static Dictionary<string, double> RegisteredMetrics(IReadOnlyDictionary<string, double> test, IReadOnlyDictionary<string, double> baseline, string metric, double validation)
    {
        var metrics = Finite(test);
        metrics["validation_" + metric] = validation;
        if (Value(baseline, metric) is { } value)
        {
            metrics["baseline_" + metric] = value;
        }

        return metrics;
    }

    private static Dictionary<string, string> RegisteredParameters(SweepWinner best, BoundTraining bound, int seed, FeatureJoinRequest? features)
    {
        var parameters = best.Run.Parameters.ToDictionary(p => p.Key, p => p.Value.ToString("R", CultureInfo.InvariantCulture), StringComparer.Ordinal);
        parameters["trainer"] = best.Run.Trainer;
        parameters["task"] = TrainerNames.Format(bound.Task);
        parameters["metric"] = bound.Metric;
        parameters["seed"] = seed.ToString(CultureInfo.InvariantCulture);
        parameters["split"] = bound.Split.Strategy.ToString().ToLowerInvariant();
        if (features is not null)
        {
            // The model's inputs are these features: serving looks them up online when a request gives entity keys.
            var (references, _, _) = HistoricalFeatureJoiner.Validate(features);
            foreach (var (key, value) in ModelFeatures.ToParameters(references, features.FullFeatureNames))
            {
                parameters[key] = value;
            }
        }

        return parameters;
    }

    private static double? Value(IReadOnlyDictionary<string, double> metrics, string name) =>
        metrics.TryGetValue(name, out var value) && double.IsFinite(value) ? value : null;

    private static Dictionary<string, double> Finite(IReadOnlyDictionary<string, double> values) =>
        values.Where(p => double.IsFinite(p.Value)).ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);

    // The intake names its input "location" (or no field, for a file that is unusable as a whole); in a training
    // request that field is "data".
    private static void AsRequestField(Action action)
    {
        try
        {
            action();
        }
        catch (MlopsException ex) when (ex.Field == "location")
        {
            throw new MlopsException(ex.Category, ex.Message, "data", ex);
        }
    }

    private static async Task<T> AsRequestFieldAsync<T>(Func<Task<T>> action)
    {
        try
        {
            return await action().ConfigureAwait(false);
        }
        catch (MlopsException ex) when (ex.Field is null or "location")
        {
            throw new MlopsException(ex.Category, ex.Message, "data", ex);
        }
    }

    [LoggerMessage(EventId = LogEvents.Training + 30, Level = LogLevel.Information,
        Message = "Trained {Model} version {Version} from run {RunId}: validation {Metric} = {Value}, best of {Candidates}")]
    private static partial void LogTrained(ILogger logger, string model, int version, string runId, string metric, double value, int candidates);
}
