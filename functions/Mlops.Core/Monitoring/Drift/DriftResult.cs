namespace Mlops.Core.Monitoring.Drift;

/// <summary>
/// The outcome of one drift check: the data set verdict, then a <see cref="ColumnDrift"/> per feature and per
/// prediction column. Every number is finite, so the result stores as JSON as it is.
/// </summary>
public sealed record DriftResult
{
    /// <summary>The model checked, when known.</summary>
    public string? Model { get; init; }

    /// <summary>The model version whose reference was used, when known.</summary>
    public int? Version { get; init; }

    /// <summary>The start of the current window, when the data came from the prediction log.</summary>
    public DateTimeOffset? WindowStart { get; init; }

    /// <summary>The end of the current window (exclusive).</summary>
    public DateTimeOffset? WindowEnd { get; init; }

    /// <summary>When the check ran; set by whoever runs it (the calculator is a pure function).</summary>
    public DateTimeOffset? ComputedAt { get; init; }

    /// <summary>Whether there is a verdict.</summary>
    public required DriftCheckStatus Status { get; init; }

    /// <summary>What to know about the check as a whole (why there is no verdict, records skipped), or null.</summary>
    public string? Message { get; init; }

    /// <summary>Rows in the reference.</summary>
    public required long ReferenceRows { get; init; }

    /// <summary>Rows in the current data.</summary>
    public required long CurrentRows { get; init; }

    /// <summary>Prediction-log records left out as unreadable.</summary>
    public int SkippedRecords { get; init; }

    /// <summary>Features tested (the denominator of <see cref="DriftShare"/>).</summary>
    public required int TestedFeatures { get; init; }

    /// <summary>Features that drifted.</summary>
    public required int DriftedFeatures { get; init; }

    /// <summary><see cref="DriftedFeatures"/> over <see cref="TestedFeatures"/>; 0 when none was tested.</summary>
    public required double DriftShare { get; init; }

    /// <summary>The share at which the data set counts as drifted (the policy's).</summary>
    public required double DatasetDriftShare { get; init; }

    /// <summary>The data set verdict: <see cref="DriftShare"/> ≥ <see cref="DatasetDriftShare"/>.</summary>
    public required bool DatasetDrift { get; init; }

    /// <summary>Whether any prediction column drifted; null when none was tested.</summary>
    public bool? PredictionDrift { get; init; }

    /// <summary>Per feature, in reference order.</summary>
    public required IReadOnlyList<ColumnDrift> Features { get; init; }

    /// <summary>Per prediction column.</summary>
    public required IReadOnlyList<ColumnDrift> Predictions { get; init; }

    /// <summary>The summary row of this check, dated <paramref name="checkedAt"/>, else <see cref="ComputedAt"/>, else <see cref="WindowEnd"/>.</summary>
    public DriftSummary ToSummary(DateTimeOffset? checkedAt = null)
    {
        var at = checkedAt ?? ComputedAt ?? WindowEnd
            ?? throw new InvalidOperationException("The result has no ComputedAt or WindowEnd; pass the time of the check.");
        return new DriftSummary(at, Status, DriftShare, DatasetDrift, DriftedFeatures, TestedFeatures, CurrentRows, PredictionDrift);
    }
}
