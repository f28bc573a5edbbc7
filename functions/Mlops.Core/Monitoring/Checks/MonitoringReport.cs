using Mlops.Core.Monitoring.Drift;

namespace Mlops.Core.Monitoring.Checks;

/// <summary>The full result of one monitoring check, stored as JSON in the <c>reports</c> container.</summary>
internal sealed record MonitoringReport
{
    public required string CheckId { get; init; }

    public required string Model { get; init; }

    public string? Alias { get; init; }

    public required int Version { get; init; }

    public required DateTimeOffset CheckedAt { get; init; }

    /// <summary><c>predictionLog</c> (a window of the log) or <c>upload</c> (a data set sent with the check).</summary>
    public required string Source { get; init; }

    /// <summary><c>schedule</c> or <c>request</c>.</summary>
    public required string Trigger { get; init; }

    public DateTimeOffset? WindowStart { get; init; }

    public DateTimeOffset? WindowEnd { get; init; }

    public required DriftResult Drift { get; init; }

    public required IReadOnlyList<FeatureQuality> Quality { get; init; }

    public PerformanceResult? Performance { get; init; }

    /// <summary>The alerts raised: <c>drift</c>, <c>performance</c>.</summary>
    public required IReadOnlyList<string> Alerts { get; init; }

    public RetrainingDecision? Retraining { get; init; }

    public string? ReportUri { get; init; }
}
