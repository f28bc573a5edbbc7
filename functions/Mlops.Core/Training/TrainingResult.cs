using Mlops.Core.Registry;
using Mlops.Core.Training.Data;
using Mlops.Core.Training.Evaluation;

namespace Mlops.Core.Training;

/// <summary>What one training request produced: the registered (not promoted) version, the sweep's runs and the best metric beside the baseline.</summary>
public sealed record TrainingResult
{
    /// <summary>The version the best candidate was registered as; no alias points at it yet.</summary>
    public required ModelVersion Version { get; init; }

    /// <summary>The experiment the runs are in.</summary>
    public required string Experiment { get; init; }

    /// <summary>The sweep (this request's group of runs).</summary>
    public required string SweepId { get; init; }

    /// <summary>The run that was registered.</summary>
    public required string BestRunId { get; init; }

    /// <summary>Every run of the sweep, in candidate order.</summary>
    public required IReadOnlyList<string> RunIds { get; init; }

    /// <summary>Candidates that failed (recorded on their runs).</summary>
    public int FailedRuns { get; init; }

    /// <summary>The task trained.</summary>
    public required string Task { get; init; }

    /// <summary>The optimized metric: the winner on validation and test rows, and the baseline on the test rows.</summary>
    public required SweepMetric Metric { get; init; }

    /// <summary>Every metric of the winner on the test rows.</summary>
    public required IReadOnlyDictionary<string, double> TestMetrics { get; init; }

    /// <summary>Classifiers: the winner's counts by actual and predicted class on the test rows; null for regression.</summary>
    public ConfusionMatrix? TestConfusionMatrix { get; init; }

    /// <summary>Every metric of the baseline (majority class or mean of the training rows) on the test rows.</summary>
    public required IReadOnlyDictionary<string, double> BaselineMetrics { get; init; }

    /// <summary>Rows in each part of the split.</summary>
    public required SplitRows Rows { get; init; }

    /// <summary>The data's immutable snapshot.</summary>
    public required string DataUri { get; init; }

    /// <summary>SHA-256 of the data.</summary>
    public required string DataDigest { get; init; }

    /// <summary>Soft findings of the data validation.</summary>
    public IReadOnlyList<DataWarning> Warnings { get; init; } = [];

    /// <summary>Wall time of the whole request in milliseconds.</summary>
    public double DurationMs { get; init; }
}
