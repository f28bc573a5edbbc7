using System.Globalization;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Mlops.Core.Diagnostics;
using Mlops.Core.Features.Online;
using Mlops.Core.Features.PointInTime;
using Mlops.Core.Monitoring.Drift;
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
    public void Validate(TrainingRequest request) => Plan(RejectDataWindow(request));

    public async Task<TrainingResult> TrainAsync(TrainingRequest request, string actor, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(actor);
        var started = time.GetTimestamp();
        var plan = Plan(RejectDataWindow(request));
        using var activity = MlopsTelemetry.ActivitySource.StartActivity("training.train");
        activity?.SetTag("mlops.model", plan.Model);

        var prepared = await PrepareAsync(plan, options.Value.MaxRows, cancellationToken).ConfigureAwait(false);
        var setup = Setup(prepared, RunIds.NewSweepId(time.GetUtcNow()));
        await tracker.TouchExperimentAsync(plan.Experiment, cancellationToken).ConfigureAwait(false);
        var outcome = await sweeps.RunAsync(setup, plan.Candidates, prepared.Train, prepared.Validation, cancellationToken).ConfigureAwait(false);
        var best = outcome.Best ?? throw NoWinner(
            [.. outcome.Runs.Where(r => r.Status == RunStatus.Failed).Select(r => (r.RunId, r.Error))], outcome.Runs.Count, prepared.Bound.Metric);

        var testEvaluation = ModelEvaluator.Evaluate(best.Model, prepared.Test);
        var testMetrics = Finite(testEvaluation.Values);
        var baseline = Finite(BaselineModel.Evaluate(prepared.Train, prepared.Test).Values);
        var profile = await SaveProfileAsync(profiles, plan.Model, prepared, cancellationToken).ConfigureAwait(false);
        var summary = Summarize(prepared, setup.SweepId, profile);
        ModelVersion version;
        using (var onnx = new MemoryStream(best.Onnx, writable: false))
        {
            var winner = new WinnerRegistration(summary, request, best.Run, best.Value, testMetrics, baseline, [.. outcome.Runs.Select(r => r.Trainer)], best.Run.RunId)
            {
                TestConfusionMatrix = testEvaluation.ConfusionMatrix,
            };
            version = await RegisterAsync(winner, onnx, actor, cancellationToken).ConfigureAwait(false);
        }

        return new TrainingResult
        {
            Version = version,
            Experiment = plan.Experiment,
            SweepId = setup.SweepId,
            BestRunId = best.Run.RunId,
            RunIds = [.. outcome.Runs.Select(r => r.RunId)],
            FailedRuns = outcome.Runs.Count(r => r.Status == RunStatus.Failed),
            Task = summary.Task,
            Metric = new SweepMetric(summary.Metric, summary.Goal, best.Value, Value(testMetrics, summary.Metric), Value(baseline, summary.Metric)),
            TestMetrics = testMetrics,
            TestConfusionMatrix = testEvaluation.ConfusionMatrix,
            BaselineMetrics = baseline,
            Rows = summary.Rows,
            DataUri = summary.DataUri,
            DataDigest = summary.DataDigest,
            Warnings = prepared.Ingested.Report.Warnings,
            DurationMs = time.GetElapsedTime(started).TotalMilliseconds,
        };
    }

    // A data window chooses files relative to a run of a model's policy; one request names its one data location.
    private static TrainingRequest RejectDataWindow(TrainingRequest request) => request?.DataWindow is null
        ? request!
        : throw MlopsException.Validation(
            "dataWindow is a setting of a model's policy (PUT /api/models/{name}/policy, training.dataWindow); a single training reads the one data location it names.",
            "dataWindow");

    /// <summary>Checks that a data location resolves (a 400 on <c>data</c> otherwise) without reading it.</summary>
    internal void ValidateData(string data) => AsRequestField(() => sources.Resolve(data));

    /// <summary>Step 1: checks the request field by field (and that its data location resolves) before anything is read.</summary>
    internal TrainingPlan Plan(TrainingRequest request)
    {
        var plan = TrainingPlanner.Plan(request, options.Value);
        AsRequestField(() => sources.Resolve(plan.Request.Data!));
        return plan;
    }

    /// <summary>
    /// Step 2: takes the data in (validation, profile, snapshot), decides what the data decides and splits it. The same
    /// request on the same data always gives the same parts, so a step in another process re-prepares identical rows.
    /// </summary>
    internal async Task<PreparedTraining> PrepareAsync(TrainingPlan plan, int? maxRows, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var request = plan.Request;
        var ingested = await AsRequestFieldAsync(() => intake.IngestAsync(new DatasetRequest(request.Data!, request.Label, request.Columns, request.Format, request.Features, request.DataSources), cancellationToken)).ConfigureAwait(false);
        var data = ingested.Data;
        if (maxRows is { } limit && data.RowCount > limit)
        {
            throw MlopsException.TooLarge(
                $"The data has {data.RowCount:N0} rows; POST /api/train trains on at most {limit:N0} ({TrainingOptions.SectionName}:MaxRows). Sample the data, or train it through the training workflow.",
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
        ModelTrainer.CheckRows(train);
        return new PreparedTraining(plan, ingested, bound, train, all.Select(split.Validation), all.Select(split.Test));
    }

    /// <summary>What every run of a sweep over <paramref name="prepared"/> shares.</summary>
    internal SweepSetup Setup(PreparedTraining prepared, string sweepId) => new(
        prepared.Plan.Experiment,
        sweepId,
        prepared.Plan.Model,
        prepared.Bound.Task,
        prepared.Bound.Metric,
        prepared.Bound.Goal,
        prepared.Plan.Request.Seed,
        prepared.Ingested.Snapshot.Uri,
        prepared.Ingested.Snapshot.Digest,
        build.CodeRevision,
        prepared.Ingested.Report.Warnings);

    /// <summary>The small, serializable facts of a prepared training that later steps (and the version's metadata) need.</summary>
    internal static PreparedSummary Summarize(PreparedTraining prepared, string sweepId, StoredProfile profile) => new(
        prepared.Plan.Model,
        prepared.Plan.Experiment,
        sweepId,
        TrainerNames.Format(prepared.Bound.Task),
        prepared.Bound.Metric,
        prepared.Bound.Goal,
        prepared.Bound.Split.Strategy.ToString().ToLowerInvariant(),
        new SplitRows(prepared.Train.RowCount, prepared.Validation.RowCount, prepared.Test.RowCount),
        prepared.Plan.Request.Data!,
        prepared.Ingested.Snapshot.Uri,
        prepared.Ingested.Snapshot.Digest,
        prepared.Ingested.Snapshot.Format,
        profile.Uri,
        profile.Sha256,
        prepared.Plan.Candidates.Count,
        prepared.Ingested.Report.Warnings.Count,
        prepared.Plan.Request.Features,
        prepared.Ingested.Sources);

    /// <summary>
    /// Last step: registers the winner (not promoted) with its metrics, parameters, lineage and profile, and marks its run
    /// selected. <see cref="WinnerRegistration.LineageRunId"/> is the run id recorded in the lineage.
    /// </summary>
    internal async Task<ModelVersion> RegisterAsync(WinnerRegistration winner, Stream onnx, string actor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(winner);
        var summary = winner.Summary;
        var request = winner.Request;
        var metadata = new NewModelVersion
        {
            Description = request.Description ?? DefaultDescription(winner.CandidateTrainers, summary),
            Tags = request.Tags,
            Metrics = RegisteredMetrics(winner.TestMetrics, winner.BaselineMetrics, summary.Metric, winner.ValidationValue),
            Parameters = RegisteredParameters(winner.Best, summary, request.Seed),
            Lineage = new ModelLineage(summary.DataUri, summary.DataDigest, build.CodeRevision, winner.LineageRunId, build.Environment)
            {
                ExperimentRunId = winner.Best.RunId,
                Reason = winner.Reason,
                ReasonDetails = winner.ReasonDetails,
                ReportUri = winner.ReportUri,
            },
            ProfileUri = summary.ProfileUri,
            ProfileSha256 = summary.ProfileSha256,
        };
        var version = await registry.RegisterVersionAsync(summary.Model, onnx, metadata, actor, cancellationToken).ConfigureAwait(false);
        await tracker.SaveRunAsync(
            winner.Best with { Selected = true, TestMetrics = winner.TestMetrics, TestConfusionMatrix = winner.TestConfusionMatrix, ModelVersion = version.Version },
            cancellationToken).ConfigureAwait(false);
        LogTrained(logger, summary.Model, version.Version, winner.Best.RunId, summary.Metric, winner.ValidationValue, winner.CandidateTrainers.Count);
        return version;
    }

    /// <summary>Why a sweep has no winner: every candidate failed, or the metric is undefined for all.</summary>
    /// <summary>
    /// Stores the training data's profile and the reference sample drift checks use for exact numerical tests
    /// (both the synchronous route and the training workflow call this).
    /// </summary>
    internal static async Task<StoredProfile> SaveProfileAsync(IModelProfileStore profiles, string model, PreparedTraining prepared, CancellationToken cancellationToken)
    {
        var profile = await profiles.SaveAsync(model, prepared.Ingested.Profile, cancellationToken).ConfigureAwait(false);
        await profiles.SaveSampleAsync(model, profile, ReferenceSampler.Sample(prepared.Ingested.Data), cancellationToken).ConfigureAwait(false);
        return profile;
    }

    internal static MlopsException NoWinner(IReadOnlyList<(string RunId, string? Error)> failed, int candidates, string metric)
    {
        if (failed.Count == candidates)
        {
            return MlopsException.Unprocessable(
                $"Every candidate failed; nothing was registered. First error ({failed[0].RunId}): {failed[0].Error}", "trainers");
        }

        return MlopsException.Unprocessable(
            $"Metric '{metric}' is undefined on the validation rows for every candidate (e.g. AUC when they hold one class); nothing was registered. Add rows, use a stratified split, or choose another metric.",
            "metric");
    }

    private static string DefaultDescription(IReadOnlyList<string> trainers, PreparedSummary summary) =>
        $"{summary.Task} model: the best of {trainers.Count} candidate(s) ({string.Join(", ", trainers.Distinct())}) by validation {summary.Metric}, trained on {summary.Rows.Train + summary.Rows.Validation + summary.Rows.Test:N0} rows of {summary.SourceUri}.";

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

    private static Dictionary<string, string> RegisteredParameters(ExperimentRun best, PreparedSummary summary, int seed)
    {
        var parameters = best.Parameters.ToDictionary(p => p.Key, p => p.Value.ToString("R", CultureInfo.InvariantCulture), StringComparer.Ordinal);
        parameters["trainer"] = best.Trainer;
        parameters["task"] = summary.Task;
        parameters["metric"] = summary.Metric;
        parameters["seed"] = seed.ToString(CultureInfo.InvariantCulture);
        parameters["split"] = summary.Split;
        if (summary.Features is { } features)
        {
            // The model's inputs are these features: serving looks them up online when a request gives entity keys, and
            // a retraining joins them the same way (the timestamp column included).
            var (references, _, timestamp) = HistoricalFeatureJoiner.Validate(features);
            foreach (var (key, value) in ModelFeatures.ToParameters(references, features.FullFeatureNames, timestamp))
            {
                parameters[key] = value;
            }
        }

        return parameters;
    }

    internal static double? Value(IReadOnlyDictionary<string, double> metrics, string name) =>
        metrics.TryGetValue(name, out var value) && double.IsFinite(value) ? value : null;

    internal static Dictionary<string, double> Finite(IReadOnlyDictionary<string, double> values) =>
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
