namespace Mlops.Core.Registry;

/// <summary>Where a model version came from.</summary>
/// <param name="TrainingDataUri">The training data's immutable location (a <c>datasets/</c> snapshot or a blob version).</param>
/// <param name="TrainingDataDigest">SHA-256 of the training data, hex.</param>
/// <param name="CodeRevision">The code revision (git commit) that trained it.</param>
/// <param name="RunId">The training run (workflow instance) id.</param>
/// <param name="Environment">Runtime and package versions, e.g. <c>dotnet</c>, <c>Microsoft.ML</c>.</param>
public sealed record ModelLineage(
    string? TrainingDataUri = null,
    string? TrainingDataDigest = null,
    string? CodeRevision = null,
    string? RunId = null,
    IReadOnlyDictionary<string, string>? Environment = null)
{
    /// <summary>The experiment run (sweep candidate) the version's model came from, when <see cref="RunId"/> is a workflow instance.</summary>
    public string? ExperimentRunId { get; init; }

    /// <summary>Why it was trained: <c>manual</c>, <c>dataDrop</c>, <c>schedule</c>, <c>drift</c>, <c>performance</c>; null for a direct <c>POST /api/train</c>.</summary>
    public string? Reason { get; init; }

    /// <summary>The reason's details (e.g. which features drifted).</summary>
    public string? ReasonDetails { get; init; }

    /// <summary>The report that triggered the training (a drift or performance report blob), if any.</summary>
    public string? ReportUri { get; init; }
}
