using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using Mlops.Core.Pipelines;
using Mlops.Workflows;

namespace Mlops.Core.Tests.Pipelines;

/// <summary>An in-memory engine client: records starts and lets a test finish instances. Refuses existing ids, as both engines do.</summary>
public sealed class FakePipelineClient : IPipelineClient
{
    private readonly ConcurrentDictionary<string, WorkflowInstance> _instances = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<(string Workflow, object? Input, string InstanceId)> _starts = new();

    public IReadOnlyList<(string Workflow, object? Input, string InstanceId)> Starts => [.. _starts];

    public Task<string> StartAsync(string workflow, object? input, string? instanceId, CancellationToken cancellationToken = default)
    {
        var id = instanceId ?? Guid.NewGuid().ToString("N");
        var now = DateTimeOffset.UnixEpoch;
        var instance = new WorkflowInstance
        {
            InstanceId = id,
            Name = workflow,
            RuntimeStatus = WorkflowRuntimeStatus.Running,
            CreatedAt = now,
            LastUpdatedAt = now,
            ExecutionId = "1",
        };
        if (!_instances.TryAdd(id, instance))
        {
            throw new WorkflowInstanceExistsException(id, _instances[id].RuntimeStatus);
        }

        _starts.Enqueue((workflow, input, id));
        return Task.FromResult(id);
    }

    public void Finish(string instanceId) =>
        _instances[instanceId] = _instances[instanceId] with { RuntimeStatus = WorkflowRuntimeStatus.Completed };

    public Task<WorkflowInstance?> FindInstanceAsync(string instanceId, CancellationToken cancellationToken = default) =>
        Task.FromResult(_instances.GetValueOrDefault(instanceId));

    public Task RaiseEventAsync(string instanceId, string eventName, object? eventData, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException();

    public Task TerminateAsync(string instanceId, string? reason, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException();

    public Task<bool> PurgeAsync(string instanceId, CancellationToken cancellationToken = default) =>
        Task.FromResult(_instances.TryRemove(instanceId, out _));

    public async IAsyncEnumerable<WorkflowInstance> ListInstancesAsync(WorkflowQuery query, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await Task.Yield();
        foreach (var instance in _instances.Values)
        {
            yield return instance;
        }
    }
}
