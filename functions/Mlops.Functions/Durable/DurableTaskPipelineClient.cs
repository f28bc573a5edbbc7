using System.Runtime.CompilerServices;
using Microsoft.DurableTask.Client;
using Mlops.Core.Pipelines;
using Mlops.Workflows;

namespace Mlops.Functions.Durable;

/// <summary>
/// <see cref="IPipelineClient"/> over Durable's client, with the embedded engine's rules: a start with an existing id is
/// refused (Durable would replace the instance), events and terminations to a finished instance are conflicts (Durable
/// would drop them), and payloads are written with the platform's JSON options. The existence checks precede the calls,
/// so two simultaneous starts of one id may both pass them; blob and schedule ids make that rare, not impossible.
/// </summary>
internal sealed class DurableTaskPipelineClient(DurableTaskClient client) : IPipelineClient
{
    public async Task<string> StartAsync(string workflow, object? input, string? instanceId, CancellationToken cancellationToken = default)
    {
        if (instanceId is not null && await FindInstanceAsync(instanceId, cancellationToken) is { } existing)
        {
            throw new WorkflowInstanceExistsException(instanceId, existing.RuntimeStatus);
        }

        return await client.ScheduleNewOrchestrationInstanceAsync(
            workflow, PipelineRunner.ToPayload(input), new StartOrchestrationOptions(instanceId), cancellationToken);
    }

    public async Task<WorkflowInstance?> FindInstanceAsync(string instanceId, CancellationToken cancellationToken = default) =>
        await client.GetInstanceAsync(instanceId, true, cancellationToken) is { } metadata ? DurableStatuses.ToWorkflow(metadata) : null;

    public async Task RaiseEventAsync(string instanceId, string eventName, object? eventData, CancellationToken cancellationToken = default)
    {
        await RequireRunningAsync(instanceId, "receive events", cancellationToken);
        await client.RaiseEventAsync(instanceId, eventName, PipelineRunner.ToPayload(eventData), cancellationToken);
    }

    public async Task TerminateAsync(string instanceId, string? reason, CancellationToken cancellationToken = default)
    {
        await RequireRunningAsync(instanceId, "be terminated", cancellationToken);
        await client.TerminateInstanceAsync(instanceId, (object?)reason, cancellationToken);
    }

    public async Task<bool> PurgeAsync(string instanceId, CancellationToken cancellationToken = default)
    {
        var instance = await FindInstanceAsync(instanceId, cancellationToken);
        if (instance is null)
        {
            return false;
        }

        if (!instance.IsCompleted)
        {
            throw new WorkflowConflictException(instanceId, instance.RuntimeStatus, $"Workflow instance '{instanceId}' is {instance.RuntimeStatus}; only a finished instance can be purged. Terminate it first.");
        }

        var result = await client.PurgeInstanceAsync(instanceId, cancellation: cancellationToken);
        return result.PurgedInstanceCount > 0;
    }

    public async IAsyncEnumerable<WorkflowInstance> ListInstancesAsync(WorkflowQuery query, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var filter = new OrchestrationQuery
        {
            CreatedFrom = query.CreatedFrom,
            CreatedTo = query.CreatedTo,
            Statuses = query.Statuses?.SelectMany(DurableStatuses.ToDurable).ToList(),
            FetchInputsAndOutputs = query.IncludePayloads,
        };
        await foreach (var metadata in client.GetAllInstancesAsync(filter).WithCancellation(cancellationToken))
        {
            if (query.Name is null || string.Equals(metadata.Name, query.Name, StringComparison.Ordinal))
            {
                yield return DurableStatuses.ToWorkflow(metadata);
            }
        }
    }

    private async Task RequireRunningAsync(string instanceId, string what, CancellationToken cancellationToken)
    {
        var instance = await FindInstanceAsync(instanceId, cancellationToken) ?? throw new WorkflowInstanceNotFoundException(instanceId);
        if (instance.IsCompleted)
        {
            throw new WorkflowConflictException(instanceId, instance.RuntimeStatus, $"Workflow instance '{instanceId}' is {instance.RuntimeStatus} and cannot {what}.");
        }
    }
}
