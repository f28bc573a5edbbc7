using Azure;
using Azure.Data.Tables;
using Azure.Messaging;
using Mlops.Core.Storage;

namespace Mlops.Core.Events;

/// <summary>
/// The outbox table: a partition per webhook holding, per event, a record row <c>e|{id}</c> (the CloudEvent, status,
/// attempts, last error) and, while undelivered, a due row <c>p|{id}</c> (next attempt time). Both are written in one
/// batch, delivery completes in one batch, and the due rows of a partition are a range read, so finding work costs no scan
/// of delivered history. A second enqueue of an event id is a no-op (the batch's inserts conflict).
/// </summary>
internal sealed class EventOutbox(TableServiceClient tables, StorageNames names, TimeProvider time)
{
    public const string Table = "EventOutbox";
    private const string RecordPrefix = "e|";
    private const string DuePrefix = "p|";

    private readonly TableClient _table = tables.GetTableClient(names.Table(Table));

    /// <summary>Queues the event for one webhook; false when it was queued before.</summary>
    public async Task<bool> EnqueueAsync(string subscriber, CloudEvent cloudEvent, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var body = BinaryData.FromObjectAsJson(cloudEvent).ToArray();
        var record = new TableEntity(subscriber, RecordPrefix + cloudEvent.Id)
        {
            ["Event"] = body,
            ["Type"] = cloudEvent.Type,
            ["Status"] = OutboxStatus.Pending,
            ["Attempts"] = 0,
            ["CreatedAt"] = now,
        };
        var due = new TableEntity(subscriber, DuePrefix + cloudEvent.Id) { ["NextAttemptAt"] = now };
        try
        {
            await _table.SubmitTransactionAsync(
                [new TableTransactionAction(TableTransactionActionType.Add, record), new TableTransactionAction(TableTransactionActionType.Add, due)],
                cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (TableTransactionFailedException ex) when (ex.Status == 409)
        {
            return false;
        }
    }

    /// <summary>Due rows of a webhook whose next attempt is at or before <paramref name="now"/>, and the earliest later one.</summary>
    public async Task<(List<TableEntity> Due, DateTimeOffset? Next)> ListDueAsync(string subscriber, DateTimeOffset now, int max, CancellationToken cancellationToken)
    {
        var due = new List<TableEntity>();
        DateTimeOffset? next = null;
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {subscriber} and RowKey ge {DuePrefix} and RowKey lt {"p}"}");
        await foreach (var row in _table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            var at = row.GetDateTimeOffset("NextAttemptAt") ?? now;
            if (at <= now && due.Count < max)
            {
                due.Add(row);
            }
            else if (next is null || at < next)
            {
                next = at;
            }
        }

        return (due, next);
    }

    /// <summary>Moves a due row's time to <paramref name="until"/> if nobody else did: this host now delivers it.</summary>
    public async Task<TableEntity?> ClaimAsync(TableEntity due, DateTimeOffset until, CancellationToken cancellationToken)
    {
        due["NextAttemptAt"] = until;
        try
        {
            var response = await _table.UpdateEntityAsync(due, due.ETag, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
            due.ETag = response.Headers.ETag ?? due.ETag;
            return due;
        }
        catch (RequestFailedException ex) when (ex.Status is 404 or 412)
        {
            return null;
        }
    }

    public async Task<TableEntity?> FindRecordAsync(string subscriber, string eventId, CancellationToken cancellationToken)
    {
        var row = await _table.GetEntityIfExistsAsync<TableEntity>(subscriber, RecordPrefix + eventId, cancellationToken: cancellationToken).ConfigureAwait(false);
        return row.HasValue ? row.Value : null;
    }

    /// <summary>Records the outcome: delivered or given up (the due row goes), or another attempt at <paramref name="nextAttempt"/>.</summary>
    public async Task RecordAsync(
        TableEntity record,
        TableEntity due,
        string status,
        int attempts,
        int? statusCode,
        string? error,
        DateTimeOffset? nextAttempt,
        CancellationToken cancellationToken)
    {
        record["Status"] = status;
        record["Attempts"] = attempts;
        record["LastStatusCode"] = statusCode;
        record["LastError"] = error is { Length: > 1000 } ? error[..1000] : error;
        if (status == OutboxStatus.Delivered)
        {
            record["DeliveredAt"] = time.GetUtcNow();
        }

        var actions = new List<TableTransactionAction> { new(TableTransactionActionType.UpdateReplace, record, ETag.All) };
        if (nextAttempt is { } at)
        {
            due["NextAttemptAt"] = at;
            actions.Add(new TableTransactionAction(TableTransactionActionType.UpdateReplace, due, due.ETag));
        }
        else
        {
            actions.Add(new TableTransactionAction(TableTransactionActionType.Delete, due, due.ETag));
        }

        try
        {
            await _table.SubmitTransactionAsync(actions, cancellationToken).ConfigureAwait(false);
        }
        catch (TableTransactionFailedException ex) when (ex.Status is 404 or 412)
        {
            // Another host took the due row over after our claim expired; its outcome stands.
        }
    }

    public async Task<OutboxEntry?> FindAsync(string subscriber, string eventId, CancellationToken cancellationToken = default)
    {
        var row = await FindRecordAsync(subscriber, eventId, cancellationToken).ConfigureAwait(false);
        return row is null ? null : ToEntry(row);
    }

    public async IAsyncEnumerable<OutboxEntry> ListAsync(string subscriber, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {subscriber} and RowKey ge {RecordPrefix} and RowKey lt {"e}"}");
        await foreach (var row in _table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            yield return ToEntry(row);
        }
    }

    public static CloudEvent ReadEvent(TableEntity record) =>
        CloudEvent.Parse(BinaryData.FromBytes(record.GetBinary("Event") ?? [])) ?? throw new InvalidDataException("The outbox row holds no event.");

    public static string EventIdOf(TableEntity row) => row.RowKey[2..];

    private static OutboxEntry ToEntry(TableEntity row) => new(
        row.PartitionKey,
        EventIdOf(row),
        row.GetString("Type") ?? string.Empty,
        row.GetString("Status") ?? OutboxStatus.Pending,
        row.GetInt32("Attempts") ?? 0,
        row.GetInt32("LastStatusCode"),
        row.GetString("LastError"),
        row.GetDateTimeOffset("CreatedAt") ?? DateTimeOffset.MinValue,
        row.GetDateTimeOffset("DeliveredAt"));
}
