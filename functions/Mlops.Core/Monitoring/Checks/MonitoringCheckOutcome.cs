namespace Mlops.Core.Monitoring.Checks;

/// <summary>What a scheduled check returns to its workflow (the full report is in Blob storage).</summary>
internal sealed record MonitoringCheckOutcome(
    string CheckId,
    int Version,
    string Status,
    double DriftShare,
    IReadOnlyList<string> Alerts,
    string? RetrainingInstanceId,
    string? ReportUri,
    string? Error = null);
