using Azure;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Mlops.Core.Pipelines.Triggers;

/// <summary>
/// See <see cref="IBlobWatcher"/>. Per container: a watermark row (newest blob time handled) and seen rows (one per blob
/// name and ETag) for the blobs inside <see cref="BlobWatcherOptions.Window"/> before it. A blob is raised when it is newer
/// than the watermark minus the window and not in the seen set; the seen row is written after the handler accepted it, so
/// a crash in between raises it again (harmless: its instance id is the same). Seen rows older than the window are pruned.
/// </summary>
internal sealed class BlobWatcher(
    BlobTriggerRoutes routes,
    IBlobEventHandler handler,
    BlobServiceClient blobs,
    TableServiceClient tables,
    IOptions<BlobWatcherOptions> options,
    ILogger<BlobWatcher> logger) : IBlobWatcher
{
    public const string StateTable = "PipelineTriggers";
    private const string WatermarkPartition = "watermark";
    private const string SeenPrefix = "seen-";

    private readonly TableClient _state = tables.GetTableClient(routes.Names.Table(StateTable));

    public async Task<int> PollAsync(CancellationToken cancellationToken = default)
    {
        var raised = 0;
        foreach (var (container, _) in routes.All)
        {
            try
            {
                raised += await PollContainerAsync(container, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                PipelineLog.WatcherFailed(logger, ex, container);
            }
        }

        return raised;
    }

    private async Task<int> PollContainerAsync(string container, CancellationToken cancellationToken)
    {
        var window = options.Value.Window;
        var watermark = await ReadWatermarkAsync(container, cancellationToken).ConfigureAwait(false);
        var cutoff = watermark is { } mark ? mark - window : DateTimeOffset.MinValue;
        var seen = await ReadSeenAsync(container, cancellationToken).ConfigureAwait(false);

        var client = blobs.GetBlobContainerClient(container);
        var fresh = new List<BlobItem>();
        try
        {
            await foreach (var item in client.GetBlobsAsync(cancellationToken: cancellationToken).ConfigureAwait(false))
            {
                if (item.Properties.LastModified is { } modified && modified > cutoff
                    && !seen.ContainsKey(BlobEvents.Hash(container, item.Name, item.Properties.ETag?.ToString() ?? string.Empty)))
                {
                    fresh.Add(item);
                }
            }
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            return 0; // the container is created at startup; until then there is nothing to watch
        }

        var newest = watermark;
        var failed = false;
        var raised = 0;
        foreach (var item in fresh.OrderBy(i => i.Properties.LastModified).ThenBy(i => i.Name, StringComparer.Ordinal))
        {
            var modified = item.Properties.LastModified!.Value;
            var etag = item.Properties.ETag?.ToString() ?? string.Empty;
            var created = BlobEvents.Created(
                blobs.AccountName, container, item.Name, client.GetBlobClient(item.Name).Uri, etag,
                item.Properties.ContentType, item.Properties.ContentLength ?? 0, modified);
            try
            {
                await handler.HandleAsync([created], cancellationToken: cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                // Not marked seen and the watermark stays: the next poll raises it again.
                PipelineLog.BlobEventFailed(logger, ex, created.Id, container, item.Name, ex.Message);
                failed = true;
                continue;
            }

            var hash = BlobEvents.Hash(container, item.Name, etag);
            await _state.UpsertEntityAsync(
                new TableEntity(SeenPrefix + container, hash) { ["Blob"] = item.Name, ["LastModified"] = modified },
                TableUpdateMode.Replace,
                cancellationToken).ConfigureAwait(false);
            seen[hash] = modified;
            raised++;
            if (newest is null || modified > newest)
            {
                newest = modified;
            }
        }

        if (!failed && newest != watermark)
        {
            await _state.UpsertEntityAsync(
                new TableEntity(WatermarkPartition, container) { ["HighWater"] = newest!.Value },
                TableUpdateMode.Replace,
                cancellationToken).ConfigureAwait(false);
            await PruneAsync(container, seen, newest.Value - window, cancellationToken).ConfigureAwait(false);
        }

        if (raised > 0)
        {
            PipelineLog.WatcherRaised(logger, raised, container);
        }

        return raised;
    }

    private async Task<DateTimeOffset?> ReadWatermarkAsync(string container, CancellationToken cancellationToken)
    {
        var row = await _state.GetEntityIfExistsAsync<TableEntity>(WatermarkPartition, container, cancellationToken: cancellationToken).ConfigureAwait(false);
        return row.HasValue ? row.Value!.GetDateTimeOffset("HighWater") : null;
    }

    private async Task<Dictionary<string, DateTimeOffset>> ReadSeenAsync(string container, CancellationToken cancellationToken)
    {
        var seen = new Dictionary<string, DateTimeOffset>(StringComparer.Ordinal);
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {SeenPrefix + container}");
        await foreach (var row in _state.QueryAsync<TableEntity>(filter, select: ["RowKey", "LastModified"], cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            seen[row.RowKey] = row.GetDateTimeOffset("LastModified") ?? DateTimeOffset.MinValue;
        }

        return seen;
    }

    private async Task PruneAsync(string container, Dictionary<string, DateTimeOffset> seen, DateTimeOffset before, CancellationToken cancellationToken)
    {
        var stale = seen.Where(pair => pair.Value < before).Select(pair => pair.Key).ToList();
        foreach (var chunk in stale.Chunk(100))
        {
            var batch = chunk.Select(key => new TableTransactionAction(TableTransactionActionType.Delete, new TableEntity(SeenPrefix + container, key), ETag.All));
            try
            {
                await _state.SubmitTransactionAsync(batch, cancellationToken).ConfigureAwait(false);
            }
            catch (TableTransactionFailedException)
            {
                // Another watcher pruned some of them first; the rest go next time.
            }
        }

    }
}
