using Mlops.Core.Training.Evaluation;
using Mlops.Core.Training.Experiments;

namespace Mlops.Core.Training;

/// <summary>Everything the registration of a sweep's winner needs besides its ONNX bytes.</summary>
/// <param name="Summary">The prepared training.</param>
/// <param name="Request">The request (description, tags, seed).</param>
/// <param name="Best">The winning run as recorded.</param>
/// <param name="ValidationValue">The winner's metric on the validation rows.</param>
/// <param name="TestMetrics">The winner's finite metrics on the test rows.</param>
/// <param name="BaselineMetrics">The baseline's finite metrics on the test rows.</param>
/// <param name="CandidateTrainers">The trainer of every candidate of the sweep.</param>
/// <param name="LineageRunId">The run id the lineage records: the experiment run for <c>POST /api/train</c>, the workflow instance for the training workflow.</param>
internal sealed record WinnerRegistration(
    PreparedSummary Summary,
    TrainingRequest Request,
    ExperimentRun Best,
    double ValidationValue,
    IReadOnlyDictionary<string, double> TestMetrics,
    IReadOnlyDictionary<string, double> BaselineMetrics,
    IReadOnlyList<string> CandidateTrainers,
    string LineageRunId)
{
    /// <summary>Classifiers: the winner's confusion matrix on the test rows, recorded on its run.</summary>
    public ConfusionMatrix? TestConfusionMatrix { get; init; }

    /// <summary>Why it was trained (a retraining's reason), for the lineage.</summary>
    public string? Reason { get; init; }

    /// <summary>The reason's details, for the lineage.</summary>
    public string? ReasonDetails { get; init; }

    /// <summary>The report that triggered it, for the lineage.</summary>
    public string? ReportUri { get; init; }
}
