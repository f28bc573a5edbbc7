using System.Text.Json.Serialization;
using Mlops.Core.Monitoring.Drift;

namespace Mlops.Core.Monitoring.Checks;

/// <summary>The summary row of one check, as <c>GET /api/models/{name}/drift</c> and its history return it.</summary>
internal sealed record CheckSummary(
    string Model,
    string CheckId,
    int Version,
    string? Alias,
    string Source,
    string Trigger,
    DateTimeOffset? WindowStart,
    DateTimeOffset? WindowEnd,
    string? Message,
    [property: JsonIgnore] DriftSummary Drift,
    string? PerformanceStatus,
    bool? PerformanceDegraded,
    IReadOnlyList<string> Alerts,
    string? RetrainingInstanceId,
    string? ReportUri)
{
    public DateTimeOffset CheckedAt => Drift.CheckedAt;

    public DriftCheckStatus Status => Drift.Status;

    public double DriftShare => Drift.DriftShare;

    public bool DatasetDrift => Drift.DatasetDrift;

    public int DriftedFeatures => Drift.DriftedFeatures;

    public int TestedFeatures => Drift.TestedFeatures;

    public long CurrentRows => Drift.CurrentRows;

    public bool? PredictionDrift => Drift.PredictionDrift;
}
