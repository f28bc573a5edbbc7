using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using Azure.Storage.Queues;
using Microsoft.Extensions.Options;

namespace Mlops.Workflows.Engine;

/// <summary>
/// The task hub in Azure Storage. Instances table: partition key = instance id, holding the instance row and the
/// history rows of its current execution, so each step commits with one batch. Partitions table: one lease row per
/// partition. One control queue per partition, consumed only by the partition's owner.
/// </summary>
internal sealed class WorkflowStore
{
    private const string LeasePartitionKey = "lease";
    private const string ConfigRowKey = "config";
    private readonly QueueClient[] _queues;
    private readonly object _initLock = new();
    private Task? _initialized;
    private readonly bool _create;

    public WorkflowStore(TableServiceClient tables, QueueServiceClient queues, IOptions<WorkflowEngineOptions> options, TimeProvider time)
    {
        var settings = options.Value;
        settings.Validate();
        Options = settings;
        Time = time;
        Json = settings.SerializerOptions ?? WorkflowEngineOptions.DefaultSerializerOptions;
        Names = new TaskHubNames(settings.StoragePrefix, settings.TaskHub, settings.PartitionCount);
        Instances = tables.GetTableClient(Names.InstancesTable);
        Partitions = tables.GetTableClient(Names.PartitionsTable);
        _queues = Names.ControlQueues.Select(queues.GetQueueClient).ToArray();
        _create = settings.CreateIfNotExists;
    }

    /// <summary>Raised after a control message is sent to a partition, so a local owner polls at once.</summary>
    public event Action<int>? MessageSent;

    /// <summary>
    /// Set by an engine in this process: hands an item straight to the owner of the instance's partition when that is
    /// this process, and returns false otherwise (then a queue message is needed).
    /// </summary>
    public Func<string, InboxItem, bool>? LocalDelivery { get; set; }

    public bool TryDeliverLocally(string instanceId, InboxItem item) => LocalDelivery?.Invoke(instanceId, item) ?? false;

    public WorkflowEngineOptions Options { get; }

    public TimeProvider Time { get; }

    public JsonSerializerOptions Json { get; }

    public TaskHubNames Names { get; }

    public TableClient Instances { get; }

    public TableClient Partitions { get; }

    public int PartitionCount => _queues.Length;

    public QueueClient Queue(int partition) => _queues[partition];

    /// <summary>A stable hash of the id (FNV-1a over UTF-8), so every process maps an instance to the same partition.</summary>
    public int PartitionOf(string instanceId)
    {
        var hash = 2166136261u;
        foreach (var b in Encoding.UTF8.GetBytes(instanceId))
        {
            hash = unchecked((hash ^ b) * 16777619u);
        }

        return (int)(hash % (uint)_queues.Length);
    }

    public Task EnsureInitializedAsync(CancellationToken cancellationToken)
    {
        Task task;
        lock (_initLock)
        {
            // A failed attempt (storage not up yet) is retried by the next caller rather than cached.
            if (_initialized is null || _initialized.IsFaulted || _initialized.IsCanceled)
            {
                _initialized = InitializeAsync();
            }

            task = _initialized;
        }

        return task.IsCompletedSuccessfully ? Task.CompletedTask : task.WaitAsync(cancellationToken);
    }

    public async Task<InstanceRecord?> ReadInstanceAsync(string instanceId, CancellationToken cancellationToken)
    {
        await EnsureInitializedAsync(cancellationToken).ConfigureAwait(false);
        var response = await Instances.GetEntityIfExistsAsync<TableEntity>(instanceId, InstanceRecord.RowKey, cancellationToken: cancellationToken).ConfigureAwait(false);
        return response.HasValue ? InstanceRecord.FromEntity(response.Value!) : null;
    }

    /// <summary>The instance row and its current execution's history; rows of older executions are returned for cleanup.</summary>
    public async Task<LoadedInstance?> LoadAsync(string instanceId, CancellationToken cancellationToken)
    {
        await EnsureInitializedAsync(cancellationToken).ConfigureAwait(false);
        TableEntity? instance = null;
        var rows = new List<TableEntity>();
        await foreach (var entity in Instances.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {instanceId}"), cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            if (entity.RowKey == InstanceRecord.RowKey)
            {
                instance = entity;
            }
            else
            {
                rows.Add(entity);
            }
        }

        if (instance is null)
        {
            return null;
        }

        var record = InstanceRecord.FromEntity(instance);
        var current = new List<TableEntity>();
        var stale = new List<string>();
        foreach (var row in rows)
        {
            if (EpisodeCodec.TryParseRowKey(row.RowKey, out var executionId, out _, out _) && executionId == record.ExecutionId)
            {
                current.Add(row);
            }
            else
            {
                stale.Add(row.RowKey);
            }
        }

        return new LoadedInstance(record, EpisodeCodec.Decode(current), stale);
    }

    /// <summary>Inserts a new instance row and returns it with its ETag; a 409 <see cref="RequestFailedException"/> when the id exists.</summary>
    public async Task<InstanceRecord> InsertInstanceAsync(InstanceRecord record, CancellationToken cancellationToken)
    {
        await EnsureInitializedAsync(cancellationToken).ConfigureAwait(false);
        var response = await Instances.AddEntityAsync(record.ToEntity(), cancellationToken).ConfigureAwait(false);
        return record with { ETag = response.Headers.ETag ?? ETag.All };
    }

    /// <summary>
    /// Commits a step: its history rows (inserts, so a step committed twice conflicts) and the instance row (replaced only
    /// if unchanged since <paramref name="expected"/>), atomically. Returns the instance row's new ETag.
    /// </summary>
    public async Task<ETag> CommitAsync(InstanceRecord record, IReadOnlyList<TableEntity> historyRows, ETag expected, CancellationToken cancellationToken)
    {
        var actions = new List<TableTransactionAction>(historyRows.Count + 1);
        actions.AddRange(historyRows.Select(row => new TableTransactionAction(TableTransactionActionType.Add, row)));
        actions.Add(new TableTransactionAction(TableTransactionActionType.UpdateReplace, record.ToEntity(), expected));
        var response = await Instances.SubmitTransactionAsync(actions, cancellationToken).ConfigureAwait(false);
        return response.Value[^1].Headers.ETag ?? ETag.All;
    }

    /// <summary>Clears a child's <see cref="InstanceRecord.NotifyParent"/> once the parent has been told.</summary>
    public async Task ClearNotifyParentAsync(string instanceId, CancellationToken cancellationToken)
    {
        var entity = new TableEntity(instanceId, InstanceRecord.RowKey) { [nameof(InstanceRecord.NotifyParent)] = false };
        try
        {
            await Instances.UpdateEntityAsync(entity, ETag.All, TableUpdateMode.Merge, cancellationToken).ConfigureAwait(false);
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            // Purged meanwhile: nothing left to clear.
        }
    }

    public async Task DeleteRowsAsync(string instanceId, IReadOnlyList<string> rowKeys, CancellationToken cancellationToken)
    {
        foreach (var chunk in rowKeys.Chunk(100))
        {
            var actions = chunk.Select(key => new TableTransactionAction(TableTransactionActionType.Delete, new TableEntity(instanceId, key), ETag.All));
            try
            {
                await Instances.SubmitTransactionAsync(actions, cancellationToken).ConfigureAwait(false);
            }
            catch (RequestFailedException ex) when (ex.Status == 404)
            {
                // Some were deleted meanwhile; delete the rest one by one.
                foreach (var key in chunk)
                {
                    await Instances.DeleteEntityAsync(instanceId, key, ETag.All, cancellationToken).ConfigureAwait(false);
                }
            }
        }
    }

    /// <summary>Row keys of every row of an instance (instance row included).</summary>
    public async Task<List<string>> ListRowKeysAsync(string instanceId, CancellationToken cancellationToken)
    {
        var keys = new List<string>();
        await foreach (var entity in Instances.QueryAsync<TableEntity>(
            TableClient.CreateQueryFilter($"PartitionKey eq {instanceId}"), select: ["RowKey"], cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            keys.Add(entity.RowKey);
        }

        return keys;
    }

    public async IAsyncEnumerable<InstanceRecord> QueryInstancesAsync(string filter, IEnumerable<string>? select, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await EnsureInitializedAsync(cancellationToken).ConfigureAwait(false);
        var query = TableClient.CreateQueryFilter($"RowKey eq {InstanceRecord.RowKey}") + (filter.Length == 0 ? string.Empty : " and " + filter);
        await foreach (var entity in Instances.QueryAsync<TableEntity>(query, select: select, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            yield return InstanceRecord.FromEntity(entity);
        }
    }

    /// <summary>Ids of a partition's instances that still need an engine: unfinished, or finished with a parent not yet told.</summary>
    public async IAsyncEnumerable<string> QueryUnfinishedAsync(int partition, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await EnsureInitializedAsync(cancellationToken).ConfigureAwait(false);
        var filter = TableClient.CreateQueryFilter(
            $"RowKey eq {InstanceRecord.RowKey} and Partition eq {partition} and (Status eq {nameof(WorkflowRuntimeStatus.Pending)} or Status eq {nameof(WorkflowRuntimeStatus.Running)} or Status eq {nameof(WorkflowRuntimeStatus.ContinuedAsNew)} or NotifyParent eq true)");
        await foreach (var entity in Instances.QueryAsync<TableEntity>(filter, select: ["PartitionKey"], cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            yield return entity.PartitionKey;
        }
    }

    public async Task SendAsync(ControlMessage message, CancellationToken cancellationToken)
    {
        var partition = PartitionOf(message.InstanceId);
        await Queue(partition).SendMessageAsync(new BinaryData(JsonSerializer.SerializeToUtf8Bytes(message, EngineJson.Options)), cancellationToken: cancellationToken).ConfigureAwait(false);
        MessageSent?.Invoke(partition);
    }

    public async Task<List<PartitionLease>> ReadLeasesAsync(CancellationToken cancellationToken)
    {
        var leases = new List<PartitionLease>();
        await foreach (var entity in Partitions.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {LeasePartitionKey}"), cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            if (int.TryParse(entity.RowKey, NumberStyles.None, CultureInfo.InvariantCulture, out var partition) && partition < PartitionCount)
            {
                leases.Add(PartitionLease.FromEntity(partition, entity));
            }
        }

        return leases;
    }

    /// <summary>Writes a lease if unchanged since it was read; false when someone else changed it first.</summary>
    public async Task<bool> TryWriteLeaseAsync(PartitionLease lease, CancellationToken cancellationToken)
    {
        try
        {
            await Partitions.UpdateEntityAsync(lease.ToEntity(LeasePartitionKey), lease.ETag, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (RequestFailedException ex) when (ex.Status is 412 or 404)
        {
            return false;
        }
    }

    private async Task InitializeAsync()
    {
        if (!_create)
        {
            return;
        }

        await Instances.CreateIfNotExistsAsync().ConfigureAwait(false);
        await Partitions.CreateIfNotExistsAsync().ConfigureAwait(false);
        foreach (var queue in _queues)
        {
            await queue.CreateIfNotExistsAsync().ConfigureAwait(false);
        }

        var config = new TableEntity(LeasePartitionKey, ConfigRowKey) { ["PartitionCount"] = PartitionCount };
        try
        {
            await Partitions.AddEntityAsync(config).ConfigureAwait(false);
        }
        catch (RequestFailedException ex) when (ex.Status == 409)
        {
            var existing = (await Partitions.GetEntityAsync<TableEntity>(LeasePartitionKey, ConfigRowKey).ConfigureAwait(false)).Value;
            if (existing.GetInt32("PartitionCount") is { } count && count != PartitionCount)
            {
                throw new InvalidOperationException(
                    $"Task hub '{Options.TaskHub}' was created with {count} partitions; this host is configured with {PartitionCount}. Every host of a task hub must use the same Workflows:PartitionCount.");
            }
        }

        for (var partition = 0; partition < PartitionCount; partition++)
        {
            try
            {
                await Partitions.AddEntityAsync(PartitionLease.Free(partition).ToEntity(LeasePartitionKey)).ConfigureAwait(false);
            }
            catch (RequestFailedException ex) when (ex.Status == 409)
            {
                // Another host created it.
            }
        }
    }
}
