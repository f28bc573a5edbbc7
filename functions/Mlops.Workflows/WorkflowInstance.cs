using System.Text.Json;

namespace Mlops.Workflows;

/// <summary>An instance's status; mirrors Durable's <c>OrchestrationMetadata</c>. Payloads are JSON text.</summary>
public sealed record WorkflowInstance
{
    /// <summary>The instance id.</summary>
    public required string InstanceId { get; init; }

    /// <summary>The workflow name.</summary>
    public required string Name { get; init; }

    /// <summary>The runtime status.</summary>
    public required WorkflowRuntimeStatus RuntimeStatus { get; init; }

    /// <summary>When the instance was started (accepted).</summary>
    public required DateTimeOffset CreatedAt { get; init; }

    /// <summary>When its status last changed.</summary>
    public required DateTimeOffset LastUpdatedAt { get; init; }

    /// <summary>When it completed, failed or was terminated.</summary>
    public DateTimeOffset? CompletedAt { get; init; }

    /// <summary>The current execution's input (JSON), unless payloads were not requested.</summary>
    public string? SerializedInput { get; init; }

    /// <summary>The output (JSON) when completed, or the reason when terminated.</summary>
    public string? SerializedOutput { get; init; }

    /// <summary>The last custom status set by the workflow (JSON).</summary>
    public string? SerializedCustomStatus { get; init; }

    /// <summary>Why it failed, when <see cref="RuntimeStatus"/> is <see cref="WorkflowRuntimeStatus.Failed"/>.</summary>
    public WorkflowFailureDetails? FailureDetails { get; init; }

    /// <summary>The parent instance when started by <see cref="IWorkflowContext.CallSubWorkflowAsync{TResult}"/>.</summary>
    public string? ParentInstanceId { get; init; }

    /// <summary>Identifies the current execution; changes with each <see cref="IWorkflowContext.ContinueAsNew"/>.</summary>
    public required string ExecutionId { get; init; }

    /// <summary>True when completed, failed or terminated.</summary>
    public bool IsCompleted => RuntimeStatus is WorkflowRuntimeStatus.Completed or WorkflowRuntimeStatus.Failed or WorkflowRuntimeStatus.Terminated;

    /// <summary>The input deserialized (with the engine's default JSON options unless given).</summary>
    public T? ReadInputAs<T>(JsonSerializerOptions? options = null) => Read<T>(SerializedInput, options);

    /// <summary>The output deserialized.</summary>
    public T? ReadOutputAs<T>(JsonSerializerOptions? options = null) => Read<T>(SerializedOutput, options);

    /// <summary>The custom status deserialized.</summary>
    public T? ReadCustomStatusAs<T>(JsonSerializerOptions? options = null) => Read<T>(SerializedCustomStatus, options);

    private static T? Read<T>(string? json, JsonSerializerOptions? options) =>
        json is null ? default : JsonSerializer.Deserialize<T>(json, options ?? WorkflowEngineOptions.DefaultSerializerOptions);
}
