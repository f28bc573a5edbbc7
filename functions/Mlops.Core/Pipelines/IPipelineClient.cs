using Mlops.Workflows;

namespace Mlops.Core.Pipelines;

/// <summary>
/// What the platform needs of a workflow engine's management client: implemented over the embedded engine's
/// <see cref="IWorkflowClient"/> in the server and over Durable's <c>DurableTaskClient</c> in the Functions app, so the
/// management routes, the blob triggers and the scheduler behave the same on both engines. Errors are the
/// <see cref="IWorkflowClient"/> ones: <see cref="WorkflowInstanceExistsException"/>,
/// <see cref="WorkflowInstanceNotFoundException"/>, <see cref="WorkflowConflictException"/>.
/// </summary>
public interface IPipelineClient
{
    /// <summary>
    /// Starts <paramref name="workflow"/> with an input already validated against its input type. A given
    /// <paramref name="instanceId"/> that exists (any status) is refused with <see cref="WorkflowInstanceExistsException"/>.
    /// </summary>
    Task<string> StartAsync(string workflow, object? input, string? instanceId, CancellationToken cancellationToken = default);

    /// <summary>An instance's status with its payloads, or null.</summary>
    Task<WorkflowInstance?> FindInstanceAsync(string instanceId, CancellationToken cancellationToken = default);

    /// <summary>Sends an event; a missing instance throws not-found, a finished one conflict.</summary>
    Task RaiseEventAsync(string instanceId, string eventName, object? eventData, CancellationToken cancellationToken = default);

    /// <summary>Terminates an instance; a missing instance throws not-found, a finished one conflict.</summary>
    Task TerminateAsync(string instanceId, string? reason, CancellationToken cancellationToken = default);

    /// <summary>Deletes a finished instance and its history; false when it does not exist, conflict when it runs.</summary>
    Task<bool> PurgeAsync(string instanceId, CancellationToken cancellationToken = default);

    /// <summary>Instances matching <paramref name="query"/>, in no particular order.</summary>
    IAsyncEnumerable<WorkflowInstance> ListInstancesAsync(WorkflowQuery query, CancellationToken cancellationToken = default);
}
