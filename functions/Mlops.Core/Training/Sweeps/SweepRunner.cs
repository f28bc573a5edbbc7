using System.Diagnostics;
using Azure.Storage.Blobs;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Mlops.Core.Artifacts;
using Mlops.Core.Diagnostics;
using Mlops.Core.Storage;
using Mlops.Core.Training.Evaluation;
using Mlops.Core.Training.Experiments;
using Mlops.Core.Training.Trainers;

namespace Mlops.Core.Training.Sweeps;

/// <summary>
/// Trains a sweep's candidates in parallel (each ML.NET trainer runs on one thread, so up to one candidate per core),
/// records each as a run (running, then completed or failed), stores each candidate's ONNX content-addressed in the
/// <c>runs</c> container, and keeps the best by the metric on the validation rows (ties: the earlier candidate).
/// A candidate that fails is recorded and the others go on.
/// </summary>
internal sealed partial class SweepRunner
{
    public const string RunsContainer = "runs";

    private readonly IExperimentTracker _tracker;
    private readonly ArtifactStore _artifacts;
    private readonly TimeProvider _time;
    private readonly IOptions<TrainingOptions> _options;
    private readonly ILogger<SweepRunner> _logger;

    public SweepRunner(
        IExperimentTracker tracker,
        BlobServiceClient blobs,
        StorageNames names,
        TimeProvider time,
        IOptions<TrainingOptions> options,
        ILoggerFactory loggers)
    {
        ArgumentNullException.ThrowIfNull(loggers);
        _tracker = tracker;
        _artifacts = new ArtifactStore(blobs, names, RunsContainer, loggers.CreateLogger<ArtifactStore>());
        _time = time;
        _options = options;
        _logger = loggers.CreateLogger<SweepRunner>();
    }

    public async Task<SweepOutcome> RunAsync(
        SweepSetup setup,
        IReadOnlyList<SweepCandidate> candidates,
        TrainingData train,
        TrainingData validation,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(setup);
        ArgumentNullException.ThrowIfNull(candidates);
        var runs = new ExperimentRun[candidates.Count];
        SweepWinner? best = null;
        var gate = new Lock();
        var parallel = new ParallelOptions
        {
            MaxDegreeOfParallelism = Math.Min(_options.Value.EffectiveParallelism, Math.Max(1, candidates.Count)),
            CancellationToken = cancellationToken,
        };
        LogSweepStarted(_logger, setup.SweepId, setup.Experiment, candidates.Count, parallel.MaxDegreeOfParallelism);

        await Parallel.ForEachAsync(candidates, parallel, async (candidate, ct) =>
        {
            var (run, winner) = await RunCandidateAsync(setup, candidate, train, validation, ct).ConfigureAwait(false);
            runs[candidate.Index] = run;
            if (winner is not null)
            {
                lock (gate)
                {
                    if (best is null || IsBetter(winner, best, setup.Goal))
                    {
                        best = winner;
                    }
                }
            }
        }).ConfigureAwait(false);

        return new SweepOutcome(runs, best);
    }

    /// <summary>
    /// Trains one candidate as a run (recorded running, then completed or failed; its ONNX stored content-addressed).
    /// Re-running a candidate of the same sweep overwrites its run record, so a repeated call records one run.
    /// </summary>
    internal async Task<(ExperimentRun Run, SweepWinner? Winner)> RunCandidateAsync(
        SweepSetup setup,
        SweepCandidate candidate,
        TrainingData train,
        TrainingData validation,
        CancellationToken cancellationToken)
    {
        // The trainers are synchronous and CPU-bound: off the caller's thread, so candidates really run side by side.
        await Task.Yield();
        var run = new ExperimentRun
        {
            Experiment = setup.Experiment,
            RunId = RunIds.RunId(setup.SweepId, candidate.Index),
            SweepId = setup.SweepId,
            Candidate = candidate.Index,
            Status = RunStatus.Running,
            Model = setup.Model,
            Task = TrainerNames.Format(setup.Task),
            Trainer = TrainerNames.Format(candidate.Trainer),
            Parameters = candidate.Parameters,
            Seed = setup.Seed,
            Metric = setup.Metric,
            TrainRows = train.RowCount,
            ValidationRows = validation.RowCount,
            DataUri = setup.DataUri,
            DataDigest = setup.DataDigest,
            CodeRevision = setup.CodeRevision,
            DataWarnings = setup.DataWarnings is { Count: > 0 } warnings ? warnings : null,
            StartedAt = _time.GetUtcNow(),
        };
        var started = _time.GetTimestamp();
        try
        {
            // Inside the try: a write cancelled in flight may still have landed, and must not leave the run "running".
            await _tracker.SaveRunAsync(run, cancellationToken).ConfigureAwait(false);
            TrainedModel model;
            ModelMetrics metrics;
            byte[] onnx;
            using (var activity = MlopsTelemetry.ActivitySource.StartActivity("training.candidate"))
            {
                activity?.SetTag("mlops.run.id", run.RunId);
                activity?.SetTag("mlops.trainer", run.Trainer);
                model = ModelTrainer.Train(train, candidate.Trainer, candidate.Parameters, setup.Seed, cancellationToken);
                metrics = ModelEvaluator.Evaluate(model, validation);
                onnx = model.ToOnnx();
            }

            var elapsed = _time.GetElapsedTime(started);
            var content = ArtifactContent.FromBytes(onnx);
            var uri = await _artifacts.PutAsync(setup.Experiment, ".onnx", content, cancellationToken).ConfigureAwait(false);
            run = run with
            {
                Status = RunStatus.Completed,
                Metrics = Finite(metrics.Values),
                ConfusionMatrix = metrics.ConfusionMatrix,
                ArtifactUri = uri.AbsoluteUri,
                ArtifactSha256 = content.Sha256,
                EndedAt = _time.GetUtcNow(),
                DurationMs = elapsed.TotalMilliseconds,
            };
            await _tracker.SaveRunAsync(run, cancellationToken).ConfigureAwait(false);
            var value = run.Metrics.TryGetValue(setup.Metric, out var v) ? v : double.NaN;
            LogCandidateCompleted(_logger, run.RunId, run.Trainer, setup.Metric, value, elapsed.TotalMilliseconds);
            return (run, double.IsNaN(value) ? null : new SweepWinner(run, model, onnx, value));
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The record must not stay "running" forever; the caller's token is already cancelled, so write without it.
            run = run with
            {
                Status = RunStatus.Failed,
                Error = "Cancelled before it finished (the request was aborted).",
                EndedAt = _time.GetUtcNow(),
                DurationMs = _time.GetElapsedTime(started).TotalMilliseconds,
            };
            await TrySaveAsync(run).ConfigureAwait(false);
            throw;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            run = run with
            {
                Status = RunStatus.Failed,
                Error = ex is MlopsException ? ex.Message : $"{ex.GetType().Name}: {ex.Message}",
                EndedAt = _time.GetUtcNow(),
                DurationMs = _time.GetElapsedTime(started).TotalMilliseconds,
            };
            LogCandidateFailed(_logger, ex, run.RunId, run.Trainer);
            await _tracker.SaveRunAsync(run, cancellationToken).ConfigureAwait(false);
            return (run, null);
        }
    }

    private async Task TrySaveAsync(ExperimentRun run)
    {
        try
        {
            await _tracker.SaveRunAsync(run, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is Azure.RequestFailedException or IOException or TimeoutException)
        {
            LogRunNotSaved(_logger, ex, run.RunId);
        }
    }

    /// <summary>Opens a run's ONNX artifact by its digest.</summary>
    internal Task<Stream> OpenArtifactAsync(string experiment, string sha256, CancellationToken cancellationToken = default) =>
        _artifacts.OpenReadAsync(experiment, sha256, ".onnx", cancellationToken);

    /// <summary>The sweep's rule for the best candidate: the better metric value, ties going to the earlier candidate.</summary>
    internal static bool IsBetter(double candidateValue, int candidateIndex, double currentValue, int currentIndex, MetricGoal goal)
    {
        if (candidateValue == currentValue)
        {
            return candidateIndex < currentIndex;
        }

        return goal == MetricGoal.Maximize ? candidateValue > currentValue : candidateValue < currentValue;
    }

    private static bool IsBetter(SweepWinner candidate, SweepWinner current, MetricGoal goal) =>
        IsBetter(candidate.Value, candidate.Run.Candidate, current.Value, current.Run.Candidate, goal);

    private static Dictionary<string, double> Finite(IReadOnlyDictionary<string, double> values) =>
        values.Where(p => double.IsFinite(p.Value)).ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);

    [LoggerMessage(EventId = LogEvents.Training + 20, Level = LogLevel.Information,
        Message = "Sweep {SweepId} of experiment {Experiment}: {Candidates} candidates, {Parallelism} at a time")]
    private static partial void LogSweepStarted(ILogger logger, string sweepId, string experiment, int candidates, int parallelism);

    [LoggerMessage(EventId = LogEvents.Training + 21, Level = LogLevel.Information,
        Message = "Run {RunId} ({Trainer}) completed: validation {Metric} = {Value} in {DurationMs} ms")]
    private static partial void LogCandidateCompleted(ILogger logger, string runId, string trainer, string metric, double value, double durationMs);

    [LoggerMessage(EventId = LogEvents.Training + 22, Level = LogLevel.Warning, Message = "Run {RunId} ({Trainer}) failed")]
    private static partial void LogCandidateFailed(ILogger logger, Exception exception, string runId, string trainer);

    [LoggerMessage(EventId = LogEvents.Training + 23, Level = LogLevel.Warning, Message = "Run {RunId} was cancelled and its record could not be updated; it may still show as running")]
    private static partial void LogRunNotSaved(ILogger logger, Exception exception, string runId);
}
