using Mlops.Workflows;

namespace Mlops.Core.Pipelines;

/// <summary><see cref="IPipelineClient"/> over the embedded engine's client.</summary>
internal sealed class WorkflowPipelineClient(IWorkflowClient client) : IPipelineClient
{
    public Task<string> StartAsync(string workflow, object? input, string? instanceId, CancellationToken cancellationToken = default) =>
        client.StartWorkflowAsync(workflow, input, new StartWorkflowOptions(instanceId), cancellationToken);

    public Task<WorkflowInstance?> FindInstanceAsync(string instanceId, CancellationToken cancellationToken = default) =>
        client.FindInstanceAsync(instanceId, cancellationToken);

    public Task RaiseEventAsync(string instanceId, string eventName, object? eventData, CancellationToken cancellationToken = default) =>
        client.RaiseEventAsync(instanceId, eventName, eventData, cancellationToken);

    public Task TerminateAsync(string instanceId, string? reason, CancellationToken cancellationToken = default) =>
        client.TerminateInstanceAsync(instanceId, reason, cancellationToken);

    public Task<bool> PurgeAsync(string instanceId, CancellationToken cancellationToken = default) =>
        client.PurgeInstanceAsync(instanceId, cancellationToken);

    public IAsyncEnumerable<WorkflowInstance> ListInstancesAsync(WorkflowQuery query, CancellationToken cancellationToken = default) =>
        client.ListInstancesAsync(query, cancellationToken);
}
