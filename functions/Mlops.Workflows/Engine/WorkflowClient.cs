using System.Runtime.CompilerServices;
using System.Text.Json;
using Azure;
using Azure.Data.Tables;

namespace Mlops.Workflows.Engine;

/// <summary>The management client over the task hub's tables and queues.</summary>
internal sealed class WorkflowClient(WorkflowStore store, WorkflowRegistry registry) : IWorkflowClient
{
    private static readonly string[] SummaryColumns =
    [
        "PartitionKey", "RowKey", "Timestamp", "Name", "Status", "Partition", "ExecutionId", "Failure", "CreatedAt", "LastUpdatedAt",
        "CompletedAt", "ParentInstanceId", "ParentTaskId", "ParentExecutionId", "NotifyParent",
    ];

    public async Task<string> StartWorkflowAsync(string name, object? input = null, StartWorkflowOptions? options = null, CancellationToken cancellationToken = default)
    {
        WorkflowRegistry.CheckName(name);
        var instanceId = options?.InstanceId is { } given
            ? InstanceIds.Validate(given, nameof(options))
            : Guid.NewGuid().ToString("N");
        var definition = registry.FindWorkflow(name);
        if (definition is null && registry.WorkflowNames.Count > 0)
        {
            throw new ArgumentException($"No workflow named '{name}' is registered; known: {string.Join(", ", registry.WorkflowNames.Order())}.", nameof(name));
        }

        var json = EngineJson.SerializePayload(input, null, store.Json, $"input of workflow '{name}'");
        if (definition is not null && json is not null)
        {
            try
            {
                _ = JsonSerializer.Deserialize(json, definition.InputType, store.Json);
            }
            catch (JsonException ex)
            {
                throw new ArgumentException($"The input does not fit workflow '{definition.Name}', which takes {definition.InputType.Name}: {ex.Message}", nameof(input), ex);
            }
        }

        var now = store.Time.GetUtcNow();
        var record = new InstanceRecord
        {
            InstanceId = instanceId,
            Name = definition?.Name ?? name,
            Status = WorkflowRuntimeStatus.Pending,
            Partition = store.PartitionOf(instanceId),
            ExecutionId = Guid.NewGuid().ToString("N"),
            Input = json,
            CreatedAt = now,
            LastUpdatedAt = now,
        };
        try
        {
            record = await store.InsertInstanceAsync(record, cancellationToken).ConfigureAwait(false);
        }
        catch (RequestFailedException ex) when (ex.Status == 409)
        {
            var existing = await store.ReadInstanceAsync(instanceId, cancellationToken).ConfigureAwait(false);
            if (existing is { Status: WorkflowRuntimeStatus.Pending })
            {
                // The first start may have died between its insert and its message: wake it (a second wake is harmless).
                await WakeAsync(instanceId, cancellationToken).ConfigureAwait(false);
            }

            throw new WorkflowInstanceExistsException(instanceId, existing?.Status ?? WorkflowRuntimeStatus.Pending);
        }

        // The row is durable now: an engine here that owns the partition takes it at once (no queue round trip);
        // were this process to die first, the partition's next owner finds the pending row when it takes over.
        if (!store.TryDeliverLocally(instanceId, new StartItem(record)))
        {
            await WakeAsync(instanceId, cancellationToken).ConfigureAwait(false);
        }

        return instanceId;
    }

    public async Task<WorkflowInstance?> FindInstanceAsync(string instanceId, CancellationToken cancellationToken = default)
    {
        InstanceIds.Validate(instanceId, nameof(instanceId));
        return (await store.ReadInstanceAsync(instanceId, cancellationToken).ConfigureAwait(false))?.ToPublic();
    }

    public async Task<WorkflowInstance> GetInstanceAsync(string instanceId, CancellationToken cancellationToken = default) =>
        await FindInstanceAsync(instanceId, cancellationToken).ConfigureAwait(false) ?? throw new WorkflowInstanceNotFoundException(instanceId);

    public async Task RaiseEventAsync(string instanceId, string eventName, object? eventData = null, CancellationToken cancellationToken = default)
    {
        EventNames.Validate(eventName, nameof(eventName));
        var payload = EngineJson.SerializePayload(eventData, null, store.Json, $"data of event '{eventName}'");
        await RequireUnfinishedAsync(instanceId, "receive events", cancellationToken).ConfigureAwait(false);
        await store.SendAsync(
            new ControlMessage { Kind = ControlMessageKind.Event, InstanceId = instanceId, Name = eventName, Payload = payload, EventId = Guid.NewGuid().ToString("N") },
            cancellationToken).ConfigureAwait(false);
    }

    public async Task TerminateInstanceAsync(string instanceId, object? reason = null, CancellationToken cancellationToken = default)
    {
        var payload = EngineJson.SerializePayload(reason, null, store.Json, "termination reason");
        await RequireUnfinishedAsync(instanceId, "be terminated", cancellationToken).ConfigureAwait(false);
        await store.SendAsync(new ControlMessage { Kind = ControlMessageKind.Terminate, InstanceId = instanceId, Payload = payload }, cancellationToken).ConfigureAwait(false);
    }

    public async Task<bool> PurgeInstanceAsync(string instanceId, CancellationToken cancellationToken = default)
    {
        InstanceIds.Validate(instanceId, nameof(instanceId));
        var record = await store.ReadInstanceAsync(instanceId, cancellationToken).ConfigureAwait(false);
        if (record is null)
        {
            return false;
        }

        if (!record.IsTerminal)
        {
            throw new WorkflowConflictException(instanceId, record.Status, $"Workflow instance '{instanceId}' is {record.Status}; only a finished instance can be purged. Terminate it first.");
        }

        var keys = await store.ListRowKeysAsync(instanceId, cancellationToken).ConfigureAwait(false);
        await store.DeleteRowsAsync(instanceId, keys.Where(k => k != InstanceRecord.RowKey).ToList(), cancellationToken).ConfigureAwait(false);
        try
        {
            // Last, and only if unchanged, so a purge never removes an instance restarted meanwhile.
            await store.Instances.DeleteEntityAsync(instanceId, InstanceRecord.RowKey, record.ETag, cancellationToken).ConfigureAwait(false);
        }
        catch (RequestFailedException ex) when (ex.Status is 404 or 412)
        {
            return ex.Status == 404;
        }

        return true;
    }

    public async Task<int> PurgeInstancesAsync(WorkflowQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        var finished = new[] { WorkflowRuntimeStatus.Completed, WorkflowRuntimeStatus.Failed, WorkflowRuntimeStatus.Terminated };
        var statuses = query.Statuses is null ? finished : query.Statuses.Intersect(finished).ToArray();
        if (statuses.Length == 0)
        {
            return 0;
        }

        var ids = new List<string>();
        await foreach (var instance in ListInstancesAsync(query with { Statuses = statuses, IncludePayloads = false }, cancellationToken).ConfigureAwait(false))
        {
            ids.Add(instance.InstanceId);
        }

        var purged = 0;
        foreach (var id in ids)
        {
            if (await PurgeInstanceAsync(id, cancellationToken).ConfigureAwait(false))
            {
                purged++;
            }
        }

        return purged;
    }

    public async IAsyncEnumerable<WorkflowInstance> ListInstancesAsync(WorkflowQuery? query = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        query ??= new WorkflowQuery();
        var filters = new List<string>();
        if (query.Statuses is { Count: > 0 } statuses)
        {
            filters.Add("(" + string.Join(" or ", statuses.Distinct().Select(s => TableClient.CreateQueryFilter($"Status eq {s.ToString()}"))) + ")");
        }

        if (query.CreatedFrom is { } from)
        {
            filters.Add(TableClient.CreateQueryFilter($"CreatedAt ge {from}"));
        }

        if (query.CreatedTo is { } to)
        {
            filters.Add(TableClient.CreateQueryFilter($"CreatedAt lt {to}"));
        }

        if (query.Name is { } name)
        {
            filters.Add(TableClient.CreateQueryFilter($"Name eq {name}"));
        }

        await foreach (var record in store.QueryInstancesAsync(string.Join(" and ", filters), query.IncludePayloads ? null : SummaryColumns, cancellationToken).ConfigureAwait(false))
        {
            yield return record.ToPublic();
        }
    }

    public async Task<IReadOnlyList<WorkflowHistoryEvent>> GetHistoryAsync(string instanceId, CancellationToken cancellationToken = default)
    {
        InstanceIds.Validate(instanceId, nameof(instanceId));
        var loaded = await store.LoadAsync(instanceId, cancellationToken).ConfigureAwait(false) ?? throw new WorkflowInstanceNotFoundException(instanceId);
        return loaded.History
            .SelectMany(episode => episode.Events.Select(e => new WorkflowHistoryEvent(
                episode.Sequence, episode.Timestamp, e.Kind, e.TaskId, e.Name, e.Payload, e.Failure, e.FireAt, e.InstanceId)))
            .ToList();
    }

    public async Task<WorkflowInstance> WaitForCompletionAsync(string instanceId, CancellationToken cancellationToken = default)
    {
        var delay = store.Options.CompletionPollingInterval;
        while (true)
        {
            var instance = await GetInstanceAsync(instanceId, cancellationToken).ConfigureAwait(false);
            if (instance.IsCompleted)
            {
                return instance;
            }

            await Task.Delay(delay, cancellationToken).ConfigureAwait(false);
            delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, TimeSpan.FromSeconds(1).Ticks));
        }
    }

    private Task WakeAsync(string instanceId, CancellationToken cancellationToken) =>
        store.SendAsync(new ControlMessage { Kind = ControlMessageKind.Wake, InstanceId = instanceId }, cancellationToken);

    private async Task RequireUnfinishedAsync(string instanceId, string what, CancellationToken cancellationToken)
    {
        InstanceIds.Validate(instanceId, nameof(instanceId));
        var record = await store.ReadInstanceAsync(instanceId, cancellationToken).ConfigureAwait(false) ?? throw new WorkflowInstanceNotFoundException(instanceId);
        if (record.IsTerminal)
        {
            throw new WorkflowConflictException(instanceId, record.Status, $"Workflow instance '{instanceId}' is {record.Status} and cannot {what}.");
        }
    }
}
