using System.Globalization;
using Microsoft.Extensions.Logging;
using Mlops.Core.Api;
using Mlops.Core.Diagnostics;
using Mlops.Core.Events;
using Mlops.Core.Monitoring.Drift;
using Mlops.Core.Pipelines;
using Mlops.Core.Registry;
using Mlops.Core.Training;

namespace Mlops.Core.Monitoring.Checks;

/// <summary>
/// Runs a model's monitoring check: drift of a window of the serving version's logged traffic (or an uploaded data
/// set) against its training profile, data quality, live performance from feedback; stores the summary row and the
/// report; publishes <c>DriftDetected</c> / <c>PerformanceDegraded</c>; starts a retraining when the policy says so.
/// </summary>
internal sealed partial class MonitoringService(
    IModelRegistry registry,
    IModelProfileStore profiles,
    PredictionLogReader log,
    MonitoringPolicyStore policies,
    MonitoringCheckStore checks,
    FeedbackStore feedback,
    ReferenceDatasetStore referenceData,
    IEventPublisher events,
    PlatformEvents platformEvents,
    PipelineLauncher launcher,
    TimeProvider time,
    ILogger<MonitoringService> logger)
{
    public async Task<MonitoringReport> CheckAsync(string model, MonitoringCheckRequest request, IPipelineClient? client = null, CancellationToken cancellationToken = default)
    {
        ModelNames.ValidateModel(model);
        await registry.GetModelAsync(model, cancellationToken).ConfigureAwait(false);
        var stored = await policies.GetOrDefaultAsync(model, cancellationToken).ConfigureAwait(false);
        var policy = stored.Policy;
        var alias = request.Version is null ? request.Alias ?? policy.Alias : null;
        var version = await ResolveVersionAsync(model, alias, request.Version, cancellationToken).ConfigureAwait(false);
        var profile = await profiles.FindAsync(version, cancellationToken).ConfigureAwait(false);
        var sample = profile is null ? null : await profiles.FindSampleAsync(version, cancellationToken).ConfigureAwait(false);
        var reference = policy.Reference == MonitoringPolicy.DatasetReference
            ? DriftReference.FromDataset(await referenceData.GetAsync(model, cancellationToken).ConfigureAwait(false), labelAsPrediction: false)
            : DriftReference.ForModel(model, version.Version, profile, sample);

        var now = time.GetUtcNow();
        DateTimeOffset? from = null, to = null;
        DriftCurrent current;
        if (request.Upload is { } upload)
        {
            current = DriftCurrent.FromDataset(upload);
        }
        else
        {
            to = request.To ?? now;
            from = request.From ?? to - policy.Window;
            if (from >= to)
            {
                throw MlopsException.Validation("'from' must be earlier than 'to'.", "from");
            }

            var records = OfVersion(log.ReadAsync(model, from.Value, to.Value, cancellationToken), version.Version, ClassifierOutputs.For(version, profile));
            current = await DriftCurrent.FromPredictionLogAsync(records, reference, cancellationToken).ConfigureAwait(false);
        }

        var drift = DriftCalculator.Compute(reference, current, policy.Drift) with { Model = model, Version = version.Version, WindowStart = from, WindowEnd = to, ComputedAt = now };
        var quality = DataQualityCalculator.Compute(profile, current, drift);
        PerformanceResult? performance = null;
        if (to is { } end)
        {
            var start = end - policy.PerformanceWindow;
            var rows = await ToListAsync(feedback.ListAsync(model, start, end, version.Version, cancellationToken), cancellationToken).ConfigureAwait(false);
            performance = LivePerformanceCalculator.Compute(version, profile, rows, policy);
        }

        var alerts = new List<string>();
        if (drift.DatasetDrift)
        {
            alerts.Add("drift");
        }

        if (performance is { Degraded: true })
        {
            alerts.Add("performance");
        }

        var checkId = request.CheckId ?? NewCheckId(now);
        var report = new MonitoringReport
        {
            CheckId = checkId,
            Model = model,
            Alias = alias,
            Version = version.Version,
            CheckedAt = now,
            Source = request.Upload is null ? "predictionLog" : "upload",
            Trigger = request.Trigger,
            WindowStart = from,
            WindowEnd = to,
            Drift = drift,
            Quality = quality,
            Performance = performance,
            Alerts = alerts,
            ReportUri = checks.ReportUri(model, checkId),
        };
        report = report with { Retraining = await DecideRetrainingAsync(report, stored, client, cancellationToken).ConfigureAwait(false) };
        report = await checks.SaveAsync(report, cancellationToken).ConfigureAwait(false);
        await PublishAlertsAsync(report, cancellationToken).ConfigureAwait(false);
        LogChecked(logger, model, version.Version, checkId, drift.Status.ToString(), drift.DriftShare, string.Join(',', alerts));
        return report;
    }

    public async Task<ModelVersion> ResolveVersionAsync(string model, string? alias, int? version, CancellationToken cancellationToken)
    {
        if (version is { } number)
        {
            return await registry.GetVersionAsync(model, number, cancellationToken).ConfigureAwait(false);
        }

        var found = await registry.FindAliasAsync(model, alias!, cancellationToken).ConfigureAwait(false)
            ?? throw MlopsException.NotFound(
                $"Model '{model}' has no alias '{alias}' to monitor: point it at the serving version, pass ?version=, or set the policy's alias (PUT /api/models/{model}/monitoring).",
                "alias");
        return await registry.GetVersionAsync(model, found.Version, cancellationToken).ConfigureAwait(false);
    }

    private async Task<RetrainingDecision?> DecideRetrainingAsync(MonitoringReport report, StoredPolicy stored, IPipelineClient? client, CancellationToken cancellationToken)
    {
        var policy = stored.Policy;
        string? reason = null;
        if (report.Alerts.Contains("drift") && policy.RetrainOnDrift)
        {
            reason = "drift";
        }
        else if (report.Alerts.Contains("performance") && policy.RetrainOnDegradation)
        {
            reason = "performance";
        }

        if (reason is null)
        {
            return report.Alerts.Count == 0 ? null : new RetrainingDecision(false, report.Alerts[0], null, "The monitoring policy does not retrain on this alert.");
        }

        var workflow = launcher.FindWorkflow(PipelineWorkflowNames.Retraining);
        if (workflow is null)
        {
            return new RetrainingDecision(false, reason, null, $"No workflow named '{PipelineWorkflowNames.Retraining}' is registered in this host.");
        }

        if (stored.LastRetrainingAt is { } last && report.CheckedAt - last < policy.RetrainCooldown)
        {
            return new RetrainingDecision(false, reason, stored.LastRetrainingInstanceId,
                Invariant($"In the cool-down: the last retraining started at {last:O}; the next may start from {last + policy.RetrainCooldown:O}."));
        }

        IPipelineClient engine;
        try
        {
            engine = launcher.ResolveClient(client);
        }
        catch (MlopsException ex) when (ex.Category == ErrorCategory.Unavailable)
        {
            return new RetrainingDecision(false, reason, null, ex.Message);
        }

        if (stored.LastRetrainingInstanceId is { Length: > 0 } previous
            && await engine.FindInstanceAsync(previous, cancellationToken).ConfigureAwait(false) is { IsCompleted: false } running)
        {
            return new RetrainingDecision(false, reason, previous, $"Retraining {previous} is still {running.RuntimeStatus}; one runs at a time per model.");
        }

        var details = reason == "drift"
            ? Invariant($"{report.Drift.DriftedFeatures} of {report.Drift.TestedFeatures} features drifted ({string.Join(", ", report.Drift.Features.Where(f => f.Drifted).Select(f => f.Name))}) in version {report.Version}'s traffic; check {report.CheckId}.")
            : Invariant($"Live {string.Join(", ", report.Performance!.Comparisons.Where(c => c.Degraded).Select(c => $"{c.Metric} {c.Live:0.####} vs test {c.Baseline:0.####}"))} for version {report.Version}; check {report.CheckId}.");
        var input = PipelineInputs.Validate(workflow, new RetrainingInput(report.Model, reason, details, report.ReportUri));

        // One id per model and cool-down period: checks racing each other (two hosts, a schedule and a request) start it once.
        var instanceId = RetrainingInstanceId(report.Model, report.CheckedAt, policy.RetrainCooldown, report.CheckId);
        bool started;
        try
        {
            started = await launcher.TryStartAsync(engine, workflow, input, instanceId, cancellationToken).ConfigureAwait(false);
        }
        catch (MlopsException ex)
        {
            // The check's findings stand (stored, alerted) even when the engine refuses the start.
            return new RetrainingDecision(false, reason, instanceId, $"Starting {instanceId} failed: {ex.Message}");
        }

        await policies.RecordRetrainingAsync(report.Model, instanceId, report.CheckedAt, cancellationToken).ConfigureAwait(false);
        return started
            ? new RetrainingDecision(true, reason, instanceId, null)
            : new RetrainingDecision(false, reason, instanceId, $"Retraining {instanceId} was already started by another check.");
    }

    private async Task PublishAlertsAsync(MonitoringReport report, CancellationToken cancellationToken)
    {
        if (report.Alerts.Contains("drift"))
        {
            var drift = report.Drift;
            await events.PublishAsync(platformEvents.MonitoringAlert(PlatformEventTypes.DriftDetected, report.Model, report.CheckId, report.CheckedAt, new DriftDetectedData(
                report.Model, report.Version, report.Alias, report.CheckId, report.CheckedAt, drift.DriftShare, drift.DatasetDrift, drift.PredictionDrift,
                [.. drift.Features.Where(f => f.Drifted).Select(f => f.Name)], report.ReportUri)), cancellationToken).ConfigureAwait(false);
        }

        if (report.Alerts.Contains("performance"))
        {
            await events.PublishAsync(platformEvents.MonitoringAlert(PlatformEventTypes.PerformanceDegraded, report.Model, report.CheckId, report.CheckedAt, new PerformanceDegradedData(
                report.Model, report.Version, report.Alias, report.CheckId, report.CheckedAt,
                [.. report.Performance!.Comparisons.Where(c => c.Degraded).Select(c => new DegradedMetric(c.Metric, c.Live, c.Baseline, c.Change, report.Performance.Rows))],
                report.ReportUri)), cancellationToken).ConfigureAwait(false);
        }
    }

    internal static string RetrainingInstanceId(string model, DateTimeOffset at, TimeSpan cooldown, string checkId) =>
        cooldown > TimeSpan.Zero
            ? Invariant($"retrain-{model}-{at.UtcTicks / cooldown.Ticks}")
            : $"retrain-{model}-{checkId}";

    private static string NewCheckId(DateTimeOffset at) =>
        at.UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture) + "-" + RequestIds.New()[..8];

    private static async IAsyncEnumerable<PredictionRecord> OfVersion(IAsyncEnumerable<PredictionRecord> records, int version, Func<PredictionRecord, PredictionRecord>? map)
    {
        await foreach (var record in records.ConfigureAwait(false))
        {
            if (record.Version == version)
            {
                yield return map is null ? record : map(record);
            }
        }
    }

    private static async Task<List<T>> ToListAsync<T>(IAsyncEnumerable<T> items, CancellationToken cancellationToken)
    {
        var list = new List<T>();
        await foreach (var item in items.WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            list.Add(item);
        }

        return list;
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    [LoggerMessage(EventId = LogEvents.Monitoring + 40, Level = LogLevel.Information,
        Message = "Monitoring check {CheckId} of {Model} version {Version}: {Status}, drift share {DriftShare}, alerts [{Alerts}]")]
    private static partial void LogChecked(ILogger logger, string model, int version, string checkId, string status, double driftShare, string alerts);

    private sealed record DriftDetectedData(
        string Model, int Version, string? Alias, string CheckId, DateTimeOffset CheckedAt, double DriftShare, bool DatasetDrift, bool? PredictionDrift,
        IReadOnlyList<string> DriftedFeatures, string? ReportUri);

    private sealed record PerformanceDegradedData(
        string Model, int Version, string? Alias, string CheckId, DateTimeOffset CheckedAt, IReadOnlyList<DegradedMetric> Degraded, string? ReportUri);

    private sealed record DegradedMetric(string Metric, double Live, double Baseline, double Change, int Rows);
}
