namespace Mlops.Core.Training.Workflows;

/// <summary>The output of <c>TrainingWorkflow</c> and <c>RetrainingWorkflow</c>.</summary>
public sealed record TrainingOutcome
{
    /// <summary>The model.</summary>
    public required string Model { get; init; }

    /// <summary>The version registered (not promoted unless <see cref="Promoted"/>); its lineage run id is the training instance id.</summary>
    public required int Version { get; init; }

    /// <summary>Whether the champion alias now points at <see cref="Version"/>.</summary>
    public required bool Promoted { get; init; }

    /// <summary>
    /// The gate's decision: <c>promoted</c> / <c>notPromoted</c> (automatic), <c>approved</c> / <c>rejected</c> /
    /// <c>timedOut</c> (approval).
    /// </summary>
    public required string Decision { get; init; }

    /// <summary>Why, in words (the comparison, or the approver's reason).</summary>
    public required string DecisionReason { get; init; }

    /// <summary>Who approved or rejected (approval gate).</summary>
    public string? DecidedBy { get; init; }

    /// <summary>The metric the gate compared.</summary>
    public required string Metric { get; init; }

    /// <summary>The new version's value of <see cref="Metric"/> on the test rows.</summary>
    public double? ChallengerValue { get; init; }

    /// <summary>The champion's version at evaluation time, if there was one.</summary>
    public int? ChampionVersion { get; init; }

    /// <summary>The champion's value of <see cref="Metric"/> on the same test rows.</summary>
    public double? ChampionValue { get; init; }

    /// <summary>The experiment of the runs.</summary>
    public required string Experiment { get; init; }

    /// <summary>The sweep (the runs of this training).</summary>
    public required string SweepId { get; init; }

    /// <summary>The winning run.</summary>
    public required string BestRunId { get; init; }

    /// <summary>The data snapshot trained on.</summary>
    public required string DataUri { get; init; }

    /// <summary>Why it was trained.</summary>
    public required string Reason { get; init; }

    /// <summary>The training (sub-)workflow instance: the version's lineage run id.</summary>
    public required string TrainingInstanceId { get; init; }
}
