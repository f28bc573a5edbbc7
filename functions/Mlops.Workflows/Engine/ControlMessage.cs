using System.Text.Json.Serialization;

namespace Mlops.Workflows.Engine;

/// <summary>A message on an instance's partition control queue.</summary>
internal sealed record ControlMessage
{
    [JsonPropertyName("k")]
    public required ControlMessageKind Kind { get; init; }

    [JsonPropertyName("i")]
    public required string InstanceId { get; init; }

    /// <summary>The event name.</summary>
    [JsonPropertyName("n")]
    public string? Name { get; init; }

    /// <summary>Event data or termination reason (JSON).</summary>
    [JsonPropertyName("p")]
    [JsonConverter(typeof(RawJsonConverter))]
    public string? Payload { get; init; }

    /// <summary>Identifies a raised event across redeliveries.</summary>
    [JsonPropertyName("e")]
    public string? EventId { get; init; }

    /// <summary>For <see cref="ControlMessageKind.SubWorkflowDone"/>: the parent's task id.</summary>
    [JsonPropertyName("t")]
    public int? TaskId { get; init; }

    /// <summary>For <see cref="ControlMessageKind.SubWorkflowDone"/>: the parent's execution that started the child.</summary>
    [JsonPropertyName("x")]
    public string? ExecutionId { get; init; }

    /// <summary>For <see cref="ControlMessageKind.SubWorkflowDone"/>: the child.</summary>
    [JsonPropertyName("c")]
    public string? ChildInstanceId { get; init; }
}
