namespace Mlops.Workflows;

/// <summary>
/// Starts and manages workflow instances; mirrors Durable's <c>DurableTaskClient</c>. Works in any process with access
/// to the task hub's storage, whether or not it runs an engine. <c>Get…</c> throws
/// <see cref="WorkflowInstanceNotFoundException"/> when absent; <c>Find…</c> returns null.
/// </summary>
public interface IWorkflowClient
{
    /// <summary>
    /// Starts an instance and returns its id once it is durably accepted (status <see cref="WorkflowRuntimeStatus.Pending"/>).
    /// An input that does not deserialize to the workflow's input type is refused with <see cref="ArgumentException"/>; an
    /// existing id with <see cref="WorkflowInstanceExistsException"/>; a too large input with <see cref="WorkflowPayloadTooLargeException"/>.
    /// </summary>
    Task<string> StartWorkflowAsync(string name, object? input = null, StartWorkflowOptions? options = null, CancellationToken cancellationToken = default);

    /// <summary>An instance's status, or null.</summary>
    Task<WorkflowInstance?> FindInstanceAsync(string instanceId, CancellationToken cancellationToken = default);

    /// <summary>An instance's status, or <see cref="WorkflowInstanceNotFoundException"/>.</summary>
    Task<WorkflowInstance> GetInstanceAsync(string instanceId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Sends an event to an instance (delivered to a matching <see cref="IWorkflowContext.WaitForExternalEvent{T}"/>,
    /// or buffered until one). A finished instance refuses it with <see cref="WorkflowConflictException"/>.
    /// </summary>
    Task RaiseEventAsync(string instanceId, string eventName, object? eventData = null, CancellationToken cancellationToken = default);

    /// <summary>
    /// Asks an instance to stop; it becomes <see cref="WorkflowRuntimeStatus.Terminated"/> with <paramref name="reason"/> as
    /// output once its engine applies the request. Children are not terminated. A finished instance refuses with
    /// <see cref="WorkflowConflictException"/>.
    /// </summary>
    Task TerminateInstanceAsync(string instanceId, object? reason = null, CancellationToken cancellationToken = default);

    /// <summary>
    /// Deletes a finished instance and its history; false when it does not exist. An unfinished one refuses with
    /// <see cref="WorkflowConflictException"/>.
    /// </summary>
    Task<bool> PurgeInstanceAsync(string instanceId, CancellationToken cancellationToken = default);

    /// <summary>Purges every finished instance matching <paramref name="query"/>; returns how many.</summary>
    Task<int> PurgeInstancesAsync(WorkflowQuery query, CancellationToken cancellationToken = default);

    /// <summary>Instances matching <paramref name="query"/> (all when null), in no particular order.</summary>
    IAsyncEnumerable<WorkflowInstance> ListInstancesAsync(WorkflowQuery? query = null, CancellationToken cancellationToken = default);

    /// <summary>The recorded history of an instance's current execution, in order.</summary>
    Task<IReadOnlyList<WorkflowHistoryEvent>> GetHistoryAsync(string instanceId, CancellationToken cancellationToken = default);

    /// <summary>Polls until the instance is completed, failed or terminated, and returns its final status.</summary>
    Task<WorkflowInstance> WaitForCompletionAsync(string instanceId, CancellationToken cancellationToken = default);
}
