using Mlops.Core.Training.Data;
using Mlops.Core.Training.Evaluation;

namespace Mlops.Core.Training.Experiments;

/// <summary>
/// One training run: a candidate of a sweep with its parameters, its metrics on the validation rows (and, for the
/// candidate the sweep selected, on the test rows), duration, the data and code it came from, and its ONNX artifact.
/// </summary>
public sealed record ExperimentRun
{
    /// <summary>The experiment.</summary>
    public required string Experiment { get; init; }

    /// <summary>The run id: the sweep id and the candidate number, e.g. <c>20250630120000-a1b2c3-004</c>.</summary>
    public required string RunId { get; init; }

    /// <summary>The sweep (one training request) the run belongs to.</summary>
    public required string SweepId { get; init; }

    /// <summary>The candidate's position in the sweep.</summary>
    public required int Candidate { get; init; }

    /// <summary>Where the run is.</summary>
    public required RunStatus Status { get; init; }

    /// <summary>The model the sweep registers its best candidate as.</summary>
    public required string Model { get; init; }

    /// <summary>The task, e.g. <c>binary-classification</c>.</summary>
    public required string Task { get; init; }

    /// <summary>The trainer, e.g. <c>lightgbm</c>.</summary>
    public required string Trainer { get; init; }

    /// <summary>Every parameter's effective value.</summary>
    public IReadOnlyDictionary<string, double> Parameters { get; init; } = new Dictionary<string, double>();

    /// <summary>The seed of the split and the trainer.</summary>
    public int Seed { get; init; }

    /// <summary>The metric the sweep optimizes.</summary>
    public required string Metric { get; init; }

    /// <summary>Metrics on the validation rows.</summary>
    public IReadOnlyDictionary<string, double> Metrics { get; init; } = new Dictionary<string, double>();

    /// <summary>Metrics on the test rows: only the selected candidate is evaluated there.</summary>
    public IReadOnlyDictionary<string, double>? TestMetrics { get; init; }

    /// <summary>Classifiers: counts by actual and predicted class on the validation rows; null for regression.</summary>
    public ConfusionMatrix? ConfusionMatrix { get; init; }

    /// <summary>Classifiers: the confusion matrix on the test rows, for the selected candidate only.</summary>
    public ConfusionMatrix? TestConfusionMatrix { get; init; }

    /// <summary>Whether the sweep chose this run.</summary>
    public bool Selected { get; init; }

    /// <summary>The version the run was registered as, when it was.</summary>
    public int? ModelVersion { get; init; }

    /// <summary>Rows trained on.</summary>
    public int TrainRows { get; init; }

    /// <summary>Rows evaluated on.</summary>
    public int ValidationRows { get; init; }

    /// <summary>The training data's immutable snapshot.</summary>
    public required string DataUri { get; init; }

    /// <summary>SHA-256 of the training data, hex.</summary>
    public required string DataDigest { get; init; }

    /// <summary>The soft findings of the training data's validation (constant columns, imbalance, values out of bounds, ...), if any.</summary>
    public IReadOnlyList<DataWarning>? DataWarnings { get; init; }

    /// <summary>The code revision that trained it.</summary>
    public required string CodeRevision { get; init; }

    /// <summary>The candidate's ONNX model, content-addressed, once trained.</summary>
    public string? ArtifactUri { get; init; }

    /// <summary>SHA-256 of the ONNX model, hex.</summary>
    public string? ArtifactSha256 { get; init; }

    /// <summary>When it started.</summary>
    public required DateTimeOffset StartedAt { get; init; }

    /// <summary>When it ended.</summary>
    public DateTimeOffset? EndedAt { get; init; }

    /// <summary>Training, evaluation and export time in milliseconds.</summary>
    public double? DurationMs { get; init; }

    /// <summary>What went wrong, for a failed run.</summary>
    public string? Error { get; init; }
}
