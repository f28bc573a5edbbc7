using System.Buffers;
using System.Collections.Concurrent;
using Azure;
using Azure.Data.Tables;
using Mlops.Core.Diagnostics;
using Mlops.Core.Storage;

namespace Mlops.Core.Features;

/// <summary>
/// The online store on Azure Tables, one table per key bucket: a row per entity and view (keys and tables in
/// <see cref="OnlineKeys"/>) holding the event time, the view version that wrote it and the feature values packed in
/// one property (<see cref="OnlineFeaturePayload"/>), plus the original key (<c>k</c>) when the row key is a hash.
/// Writes are entity-group transactions of up to 100 upserts per partition, several partitions in flight; reads are
/// point reads, in parallel.
/// </summary>
internal sealed class TableOnlineFeatureStore : IOnlineFeatureStore
{
    public const int MaxBatch = 100;
    private const int MaxBatchBytes = 3 * 1024 * 1024;
    private const string KeyProperty = "k";

    private readonly TableClient[] _tables;
    private readonly TimeProvider _time;

    public TableOnlineFeatureStore(TableServiceClient tables, StorageNames names, TimeProvider time)
    {
        _tables = [.. Enumerable.Range(0, OnlineKeys.Buckets).Select(b => tables.GetTableClient(names.Table(OnlineKeys.Table(b))))];
        _time = time;
    }

    /// <summary>Concurrent transactions (or point reads) in flight.</summary>
    public int Parallelism { get; init; } = 8;

    /// <summary>Entities per transaction: <see cref="MaxBatch"/>, or 1 to write one upsert per request (benchmarks).</summary>
    public int BatchSize { get; init; } = MaxBatch;

    public async Task<OnlineWriteResult> WriteAsync(FeatureView view, FeatureFrame frame, OnlineWriteMode mode = OnlineWriteMode.KeepNewer, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(view);
        ArgumentNullException.ThrowIfNull(frame);
        CheckColumns(view, frame);

        // The latest row per entity; on equal event times the later row wins.
        var latest = new Dictionary<string, (int Row, bool Hashed)>(StringComparer.Ordinal);
        var keys = new EntityKey?[frame.RowCount];
        for (var row = 0; row < frame.RowCount; row++)
        {
            var key = frame.GetEntityKey(row);
            var (rowKey, hashed) = OnlineKeys.RowKey(key);
            if (!latest.TryGetValue(rowKey, out var seen) || frame.EventTimestamps[row] >= frame.EventTimestamps[seen.Row])
            {
                latest[rowKey] = (row, hashed);
                if (hashed)
                {
                    keys[row] = key;
                }
            }
        }

        var partitions = new Dictionary<int, List<(string RowKey, int Row, bool Hashed)>>();
        foreach (var (rowKey, (row, hashed)) in latest)
        {
            var partition = OnlineKeys.Bucket(rowKey);
            if (!partitions.TryGetValue(partition, out var list))
            {
                partitions[partition] = list = [];
            }

            list.Add((rowKey, row, hashed));
        }

        latest.Clear();
        var keptNewer = 0;
        if (mode == OnlineWriteMode.KeepNewer)
        {
            keptNewer = await DropOlderAsync(view.Name, partitions, frame, cancellationToken).ConfigureAwait(false);
        }

        var batches = new List<(int Bucket, List<(string RowKey, int Row, bool Hashed)> Rows, int Start)>();
        foreach (var (partition, rows) in partitions)
        {
            rows.Sort((a, b) => string.CompareOrdinal(a.RowKey, b.RowKey));
            for (var start = 0; start < rows.Count; start += BatchSize)
            {
                batches.Add((partition, rows, start));
            }
        }

        var transactions = 0;
        var written = 0;
        await Parallel.ForEachAsync(
            batches,
            new ParallelOptions { MaxDegreeOfParallelism = Parallelism, CancellationToken = cancellationToken },
            async (batch, ct) =>
            {
                var end = Math.Min(batch.Start + BatchSize, batch.Rows.Count);
                var actions = new List<TableTransactionAction>(end - batch.Start);
                var buffer = new ArrayBufferWriter<byte>(1024);
                var bytes = 0;
                for (var i = batch.Start; i < end; i++)
                {
                    var (rowKey, row, hashed) = batch.Rows[i];
                    var entity = ToEntity(view, frame, OnlineKeys.PartitionKey(view.Name, batch.Bucket), rowKey, row, keys[row], buffer, out var size);
                    if (actions.Count > 0 && bytes + size > MaxBatchBytes)
                    {
                        await SubmitAsync(_tables[batch.Bucket], actions, ct).ConfigureAwait(false);
                        Interlocked.Increment(ref transactions);
                        actions.Clear();
                        bytes = 0;
                    }

                    actions.Add(new TableTransactionAction(TableTransactionActionType.UpsertReplace, entity));
                    bytes += size;
                }

                await SubmitAsync(_tables[batch.Bucket], actions, ct).ConfigureAwait(false);
                Interlocked.Increment(ref transactions);
                Interlocked.Add(ref written, end - batch.Start);
            }).ConfigureAwait(false);
        return new OnlineWriteResult(written, keptNewer, transactions);
    }

    public async Task<OnlineFeatureResult> ReadAsync(FeatureView view, IReadOnlyList<EntityKey> entities, IReadOnlyList<string>? features = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(view);
        ArgumentNullException.ThrowIfNull(entities);
        var selected = SelectFeatures(view, features);
        var found = new TableEntity?[entities.Count];
        if (entities.Count == 1)
        {
            found[0] = await ReadOneAsync(view.Name, entities[0], cancellationToken).ConfigureAwait(false);
        }
        else
        {
            await Parallel.ForEachAsync(
                Enumerable.Range(0, entities.Count),
                new ParallelOptions { MaxDegreeOfParallelism = Math.Max(Parallelism, 16), CancellationToken = cancellationToken },
                async (i, ct) => found[i] = await ReadOneAsync(view.Name, entities[i], ct).ConfigureAwait(false)).ConfigureAwait(false);
        }

        var oldest = _time.GetUtcNow() - view.Ttl;
        var rows = new OnlineFeatureRow[entities.Count];
        for (var i = 0; i < rows.Length; i++)
        {
            var values = new OnlineFeatureValue[selected.Length];
            var (timestamp, stored) = found[i] is { } entity ? OnlineFeaturePayload.Read(entity) : (null, null);
            for (var f = 0; f < selected.Length; f++)
            {
                if (stored is null || timestamp is null)
                {
                    values[f] = new OnlineFeatureValue(null, FeatureStatus.NotFound, null);
                    continue;
                }

                var value = stored.TryGetValue(selected[f].Name, out var raw) ? OnlineFeaturePayload.Convert(raw, selected[f].ValueType) : null;
                var status = value is null ? FeatureStatus.NullValue : timestamp < oldest ? FeatureStatus.OutsideMaxAge : FeatureStatus.Present;
                values[f] = new OnlineFeatureValue(value, status, timestamp);
            }

            rows[i] = new OnlineFeatureRow(entities[i], stored is null ? null : timestamp, values);
        }

        return new OnlineFeatureResult(view.Name, view.Version, selected.Select(f => f.Name).ToArray(), rows);
    }

    private static FeatureDefinition[] SelectFeatures(FeatureView view, IReadOnlyList<string>? features)
    {
        if (features is null)
        {
            return [.. view.Definition.Features];
        }

        var result = new FeatureDefinition[features.Count];
        for (var i = 0; i < features.Count; i++)
        {
            result[i] = view.FindFeature(features[i]) ?? throw MlopsException.NotFound(
                $"Feature view '{view.Name}' has no feature '{features[i]}'; its features are {string.Join(", ", view.Definition.Features.Select(f => f.Name))}.",
                $"features[{i}]");
        }

        return result;
    }

    private async Task<TableEntity?> ReadOneAsync(string view, EntityKey key, CancellationToken cancellationToken)
    {
        // The whole row: the packed values are one property anyway, and rows of the older layout have other names.
        var (rowKey, hashed) = OnlineKeys.RowKey(key);
        var bucket = OnlineKeys.Bucket(rowKey);
        var response = await _tables[bucket].GetEntityIfExistsAsync<TableEntity>(OnlineKeys.PartitionKey(view, bucket), rowKey, cancellationToken: cancellationToken).ConfigureAwait(false);
        if (!response.HasValue)
        {
            return null;
        }

        // A hashed key answers only when the stored original matches (a SHA-256 collision is not expected, but is not trusted).
        return !hashed || string.Equals(response.Value!.GetString(KeyProperty), OnlineKeys.Original(key), StringComparison.Ordinal) ? response.Value : null;
    }

    private async Task<int> DropOlderAsync(string view, Dictionary<int, List<(string RowKey, int Row, bool Hashed)>> partitions, FeatureFrame frame, CancellationToken cancellationToken)
    {
        var newer = new ConcurrentDictionary<string, byte>(StringComparer.Ordinal);
        var all = partitions.SelectMany(p => p.Value.Select(r => (Bucket: p.Key, r.RowKey, r.Row)));
        await Parallel.ForEachAsync(
            all,
            new ParallelOptions { MaxDegreeOfParallelism = Math.Max(Parallelism, 16), CancellationToken = cancellationToken },
            async (item, ct) =>
            {
                var stored = await _tables[item.Bucket].GetEntityIfExistsAsync<TableEntity>(OnlineKeys.PartitionKey(view, item.Bucket), item.RowKey, cancellationToken: ct).ConfigureAwait(false);
                if (stored.HasValue && OnlineFeaturePayload.Read(stored.Value!).Timestamp is { } time && time > frame.EventTimestamps[item.Row])
                {
                    newer.TryAdd(item.RowKey, 0);
                }
            }).ConfigureAwait(false);
        if (newer.IsEmpty)
        {
            return 0;
        }

        foreach (var (partition, rows) in partitions)
        {
            rows.RemoveAll(r => newer.ContainsKey(r.RowKey));
        }

        return newer.Count;
    }

    private static TableEntity ToEntity(FeatureView view, FeatureFrame frame, string partition, string rowKey, int row, EntityKey? original, ArrayBufferWriter<byte> buffer, out int size)
    {
        var entity = new TableEntity(partition, rowKey);
        size = 200 + ((partition.Length + rowKey.Length) * 2);
        if (original is not null)
        {
            var text = OnlineKeys.Original(original);
            entity[KeyProperty] = text;
            size += text.Length * 2;
        }

        size += OnlineFeaturePayload.Write(entity, view, frame, row, buffer) * 2;
        return entity;
    }

    private static void CheckColumns(FeatureView view, FeatureFrame frame)
    {
        foreach (var column in frame.Features)
        {
            if (view.FindFeature(column.Name) is null)
            {
                throw new ArgumentException($"The frame has column '{column.Name}', which is not a feature of view '{view.Name}' version {view.Version}.", nameof(frame));
            }
        }
    }

    private static async Task SubmitAsync(TableClient table, List<TableTransactionAction> actions, CancellationToken cancellationToken)
    {
        if (actions.Count == 1)
        {
            await table.UpsertEntityAsync((TableEntity)actions[0].Entity, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
            return;
        }

        await table.SubmitTransactionAsync(actions, cancellationToken).ConfigureAwait(false);
    }
}
