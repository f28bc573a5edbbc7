using System.Text.Json.Serialization;

namespace Mlops.Workflows.Engine;

/// <summary>One history record as stored: an inbound event (a result, an event, a timer) or an action of the workflow.</summary>
internal sealed record HistoryEvent
{
    [JsonPropertyName("k")]
    public required WorkflowHistoryEventKind Kind { get; init; }

    [JsonPropertyName("t")]
    public int? TaskId { get; init; }

    [JsonPropertyName("n")]
    public string? Name { get; init; }

    [JsonPropertyName("p")]
    [JsonConverter(typeof(RawJsonConverter))]
    public string? Payload { get; init; }

    [JsonPropertyName("f")]
    public WorkflowFailureDetails? Failure { get; init; }

    [JsonPropertyName("a")]
    public DateTime? FireAt { get; init; }

    /// <summary>A child workflow's instance id.</summary>
    [JsonPropertyName("i")]
    public string? InstanceId { get; init; }

    /// <summary>A raised event's id, so a redelivered message is applied once.</summary>
    [JsonPropertyName("e")]
    public string? EventId { get; init; }

    /// <summary>True for what the workflow did (scheduled, completed) as opposed to what happened to it.</summary>
    [JsonIgnore]
    public bool IsAction => Kind is WorkflowHistoryEventKind.ActivityScheduled or WorkflowHistoryEventKind.TimerCreated
        or WorkflowHistoryEventKind.SubWorkflowScheduled or WorkflowHistoryEventKind.ExecutionCompleted
        or WorkflowHistoryEventKind.ExecutionFailed or WorkflowHistoryEventKind.ContinuedAsNew;
}
