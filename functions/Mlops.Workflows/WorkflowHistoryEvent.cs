namespace Mlops.Workflows;

/// <summary>One recorded event of an instance's current execution, for diagnostics and tests.</summary>
/// <param name="Episode">The step (one atomic commit) that recorded it, from 0.</param>
/// <param name="Timestamp">The step's time (the workflow's <see cref="IWorkflowContext.CurrentUtcDateTime"/>).</param>
/// <param name="Kind">What happened.</param>
/// <param name="TaskId">The activity, timer or child call it belongs to.</param>
/// <param name="Name">The activity, workflow or event name.</param>
/// <param name="SerializedPayload">Input, result, event data, output or reason (JSON).</param>
/// <param name="FailureDetails">For failures.</param>
/// <param name="FireAt">For timers.</param>
/// <param name="SubWorkflowInstanceId">For child workflows.</param>
public sealed record WorkflowHistoryEvent(
    int Episode,
    DateTimeOffset Timestamp,
    WorkflowHistoryEventKind Kind,
    int? TaskId,
    string? Name,
    string? SerializedPayload,
    WorkflowFailureDetails? FailureDetails,
    DateTime? FireAt,
    string? SubWorkflowInstanceId);
