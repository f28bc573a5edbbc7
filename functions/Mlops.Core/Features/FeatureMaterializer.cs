using System.Globalization;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Mlops.Core.Diagnostics;

namespace Mlops.Core.Features;

/// <summary>
/// Plans materialization runs and runs their chunks (the two activities of the materialization workflow). A chunk reads
/// the source rows of its range plus the history its longest window needs, transforms them (<see cref="FeatureEngine"/>),
/// replaces its offline file (<c>date=…/v{version}-{HHmmss}.parquet</c>), writes the latest row per entity online, then
/// moves the view's state. Every step gives the same result when repeated, so a rerun of a chunk changes nothing.
/// </summary>
internal sealed class FeatureMaterializer(
    IFeatureRegistry registry,
    FeatureSourceReader sources,
    IOfflineFeatureStore offline,
    IOnlineFeatureStore online,
    FeatureStateStore state,
    IOptions<FeaturesOptions> options,
    TimeProvider time,
    ILogger<FeatureMaterializer> logger)
{
    private static readonly TimeSpan Day = TimeSpan.FromDays(1);

    public static TimeSpan ParseChunkSize(string? text, string field)
    {
        var size = FeatureDuration.Parse(text, field);
        if (size < TimeSpan.FromMinutes(1) || size > Day || Day.Ticks % size.Ticks != 0)
        {
            throw MlopsException.Validation($"Chunk size '{text}' must divide a day (e.g. 1h, 6h, 1d) and be at least 1m.", field);
        }

        return size;
    }

    public async Task<FeatureMaterializationPlan> PlanAsync(FeatureMaterializationInput input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        var size = ParseChunkSize(input.ChunkSize ?? options.Value.ChunkSize, input.ChunkSize is null ? "Features:ChunkSize" : "chunkSize");
        var now = time.GetUtcNow();
        if ((input.From is null) != (input.To is null))
        {
            throw MlopsException.Validation("Give both from and to for a range, or neither for an incremental run.", input.From is null ? "from" : "to");
        }

        if (input.From is { } f && input.To is { } t && f >= t)
        {
            throw MlopsException.Validation($"The range is empty: from {f:o} is not before to {t:o}.", "to");
        }

        if (input.Blob is not null && input.View is null)
        {
            throw MlopsException.Validation("A blob drop names its view (feature-sources/{view}/...).", "view");
        }

        var views = new List<FeatureView>();
        if (input.View is { } name)
        {
            views.Add(await registry.GetAsync(name, cancellationToken: cancellationToken).ConfigureAwait(false));
        }
        else
        {
            await foreach (var view in registry.ListAsync(cancellationToken).ConfigureAwait(false))
            {
                views.Add(view);
            }
        }

        var chunks = new List<FeatureChunk>();
        foreach (var view in views)
        {
            if (await RangeAsync(view, input, now, cancellationToken).ConfigureAwait(false) is not var (from, to))
            {
                continue;
            }

            var start = Floor(from, size);
            var end = Ceiling(to, size);
            if ((end - start).Ticks / size.Ticks + chunks.Count > options.Value.MaxChunksPerRun)
            {
                throw MlopsException.Validation(
                    $"The run would span {(end - start).Ticks / size.Ticks + chunks.Count} chunks of {size}; at most {options.Value.MaxChunksPerRun} per run. Narrow the range or use a larger chunk size.",
                    "from");
            }

            for (var chunk = start; chunk < end; chunk += size)
            {
                chunks.Add(new FeatureChunk(view.Name, view.Version, chunk, chunk + size, now));
            }
        }

        return new FeatureMaterializationPlan(chunks);
    }

    public async Task<FeatureChunkResult> MaterializeChunkAsync(FeatureChunk chunk, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(chunk);
        var view = await registry.GetAsync(chunk.View, chunk.Version, cancellationToken).ConfigureAwait(false);
        var definition = view.Definition;
        var history = FeatureEngine.MaxWindow(definition);
        var (batch, blobs) = await sources.ReadAsync(definition, chunk.From - history, chunk.To, cancellationToken).ConfigureAwait(false);
        var frame = FeatureEngine.Transform(definition, batch, chunk.From, chunk.To);

        var date = DateOnly.FromDateTime(chunk.From.UtcDateTime);
        var part = chunk.From.UtcDateTime.ToString("HHmmss", CultureInfo.InvariantCulture);
        string? file = null;
        if (frame.RowCount > 0)
        {
            file = (await offline.WriteAsync(view, date, part, frame, cancellationToken).ConfigureAwait(false)).BlobName;
        }
        else
        {
            // The source no longer has rows here (a corrected file): the rerun leaves what a first run would have left.
            await offline.DeleteAsync(view, date, part, cancellationToken).ConfigureAwait(false);
        }

        var current = await state.GetAsync(view.Name, cancellationToken).ConfigureAwait(false);
        var mode = current.OnlineHighWater is not { } high || chunk.From >= high ? OnlineWriteMode.Overwrite : OnlineWriteMode.KeepNewer;
        var written = frame.RowCount > 0
            ? await online.WriteAsync(view, frame, mode, cancellationToken).ConfigureAwait(false)
            : new OnlineWriteResult(0, 0, 0);

        var until = chunk.To < chunk.DataUntil ? chunk.To : chunk.DataUntil;
        if (until > chunk.From)
        {
            await state.AdvanceAsync(view.Name, chunk.From, until, cancellationToken).ConfigureAwait(false);
        }

        FeaturesLog.ChunkMaterialized(logger, view.Name, view.Version, chunk.From, chunk.To, batch.RowCount, blobs, frame.RowCount, written.Entities, written.KeptNewer);
        return new FeatureChunkResult(batch.RowCount, blobs, frame.RowCount, written.Entities, written.KeptNewer, file);
    }

    private async Task<(DateTimeOffset From, DateTimeOffset To)?> RangeAsync(FeatureView view, FeatureMaterializationInput input, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (input.Blob is { } blob)
        {
            if (!FeatureSourceReader.Matches(view.Definition, blob))
            {
                return null;
            }

            var listed = (await sources.ListAsync(view.Definition, cancellationToken).ConfigureAwait(false)).FirstOrDefault(b => b.Name == blob);
            if (listed.Name is null
                || await sources.GetRangeAsync(view.Definition, blob, listed.ETag, cancellationToken).ConfigureAwait(false) is not { } range)
            {
                return null;
            }

            // A row changes the windowed aggregates of its entity's later rows up to the longest window after it.
            return (range.Min, range.Max + FeatureEngine.MaxWindow(view.Definition) + TimeSpan.FromTicks(1));
        }

        if (input.From is { } from && input.To is { } to)
        {
            return (from, to);
        }

        var current = await state.GetAsync(view.Name, cancellationToken).ConfigureAwait(false);
        var start = current.Watermark ?? now - view.Ttl;
        return start < now ? (start, now) : null;
    }

    private static DateTimeOffset Floor(DateTimeOffset value, TimeSpan size) =>
        new(value.UtcTicks - (value.UtcTicks % size.Ticks), TimeSpan.Zero);

    private static DateTimeOffset Ceiling(DateTimeOffset value, TimeSpan size)
    {
        var floor = Floor(value, size);
        return floor == value ? floor : floor + size;
    }
}
