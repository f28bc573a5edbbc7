using Mlops.Core.Training.Evaluation;
using Mlops.Core.Training.Sweeps;

namespace Mlops.Core.Training.Workflows;

// The training workflow's activity payloads: small records (the data and models travel by blob URI or digest).

/// <summary>
/// Prepare: the run's input, the sweep id the workflow chose (deterministically) and the workflow's time, which a
/// policy's <c>training.dataWindow</c> counts back from.
/// </summary>
internal sealed record PrepareStepInput(TrainingInput Input, string SweepId, DateTimeOffset? AsOf = null);

/// <summary>
/// What preparing decided: the summary, the effective request with <c>data</c> pointing at the immutable snapshot (so every
/// later step reads the same bytes), the effective gate and the trainer of each candidate.
/// </summary>
internal sealed record PreparedStep(PreparedSummary Summary, TrainingRequest Request, GatePolicy Gate, IReadOnlyList<string> CandidateTrainers);

/// <summary>Train one candidate of the sweep.</summary>
internal sealed record CandidateStepInput(TrainingRequest Request, string SweepId, int Index);

/// <summary>A candidate's run: completed with a metric value and its artifact, or failed with the error.</summary>
internal sealed record CandidateStepResult(int Index, string RunId, string Trainer, bool Completed, double? Value, string? ArtifactSha256, string? Error);

/// <summary>Evaluate the winner and the current champion on the test rows.</summary>
internal sealed record EvaluateStepInput(TrainingRequest Request, PreparedSummary Summary, string RunId, string ArtifactSha256, string ChampionAlias);

/// <summary>Test metrics of the winner, the baseline and (when there is one that could be measured) the champion.</summary>
internal sealed record EvaluationStepResult(
    IReadOnlyDictionary<string, double> TestMetrics,
    IReadOnlyDictionary<string, double> BaselineMetrics,
    int? ChampionVersion,
    IReadOnlyDictionary<string, double>? ChampionMetrics,
    string? ChampionError,
    ConfusionMatrix? TestConfusionMatrix = null);

/// <summary>Register the winner (idempotent per workflow instance).</summary>
internal sealed record RegisterStepInput(
    TrainingRequest Request,
    PreparedSummary Summary,
    string RunId,
    double ValidationValue,
    IReadOnlyDictionary<string, double> TestMetrics,
    IReadOnlyDictionary<string, double> BaselineMetrics,
    IReadOnlyList<string> CandidateTrainers,
    string Reason,
    string? Details,
    string? ReportUri,
    ConfusionMatrix? TestConfusionMatrix = null);

/// <summary>Point an alias at a version.</summary>
internal sealed record AliasStepInput(string Model, string Alias, int Version, string Actor);

/// <summary>
/// Choose a retraining's data: the given location, else the newest blob under <c>training-data/{model}/</c> (with a
/// policy's <c>training.dataWindow</c>, preparing then reads every file of the window, this one the newest).
/// </summary>
internal sealed record SelectDataStepInput(string Model, string? DataUri);

/// <summary>The gate's verdict on the test metrics.</summary>
internal sealed record GateVerdict(bool Promote, string Metric, MetricGoal Goal, double? ChallengerValue, double? ChampionValue, string Reason);
