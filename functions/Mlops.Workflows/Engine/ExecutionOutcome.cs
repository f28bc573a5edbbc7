namespace Mlops.Workflows.Engine;

/// <summary>
/// How an execution ended: <see cref="Output"/> is the output (completed), the reason (terminated) or the next input
/// (continued as new, with the events it carries over).
/// </summary>
internal sealed record ExecutionOutcome(
    WorkflowRuntimeStatus Status,
    string? Output = null,
    WorkflowFailureDetails? Failure = null,
    IReadOnlyList<HistoryEvent>? CarriedEvents = null);
