using Azure;
using Azure.Data.Tables;
using Microsoft.Extensions.Logging;
using Mlops.Core.Storage;

namespace Mlops.Core.Features;

/// <summary>Each view's watermark and online high-water mark, in the <c>state</c> row of its partition of the views table.</summary>
internal sealed class FeatureStateStore
{
    private readonly TableClient _table;
    private readonly ILogger<FeatureStateStore> _logger;

    public FeatureStateStore(TableServiceClient tables, StorageNames names, ILogger<FeatureStateStore> logger)
    {
        _table = tables.GetTableClient(names.Table(FeatureStoreNames.ViewsTable));
        _logger = logger;
    }

    public async Task<FeatureMaterializationState> GetAsync(string view, CancellationToken cancellationToken)
    {
        var row = await _table.GetEntityIfExistsAsync<TableEntity>(view, FeatureStoreNames.StateRow, cancellationToken: cancellationToken).ConfigureAwait(false);
        return row.HasValue ? ToState(row.Value!) : new FeatureMaterializationState(null, null);
    }

    /// <summary>
    /// Records that [<paramref name="from"/>, <paramref name="until"/>) is materialized: the watermark moves to
    /// <paramref name="until"/> when the range continues it (or none was set), the high-water mark to at least it.
    /// </summary>
    public async Task AdvanceAsync(string view, DateTimeOffset from, DateTimeOffset until, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            var row = await _table.GetEntityIfExistsAsync<TableEntity>(view, FeatureStoreNames.StateRow, cancellationToken: cancellationToken).ConfigureAwait(false);
            var state = row.HasValue ? ToState(row.Value!) : new FeatureMaterializationState(null, null);
            var watermark = state.Watermark is not { } current ? until
                : from <= current && current < until ? until
                : current;
            var high = state.OnlineHighWater is { } h && h > until ? h : until;
            if (watermark == state.Watermark && high == state.OnlineHighWater)
            {
                return;
            }

            var entity = new TableEntity(view, FeatureStoreNames.StateRow) { ["Watermark"] = watermark, ["OnlineHighWater"] = high };
            try
            {
                if (row.HasValue)
                {
                    await _table.UpdateEntityAsync(entity, row.Value!.ETag, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
                }
                else
                {
                    await _table.AddEntityAsync(entity, cancellationToken).ConfigureAwait(false);
                }

                if (watermark != state.Watermark)
                {
                    FeaturesLog.WatermarkMoved(_logger, view, watermark);
                }

                return;
            }
            catch (RequestFailedException ex) when (ex.Status is 409 or 412 && attempt < 10)
            {
                // Another chunk or run moved the state meanwhile: reread and merge.
            }
        }
    }

    private static FeatureMaterializationState ToState(TableEntity entity) =>
        new(entity.GetDateTimeOffset("Watermark"), entity.GetDateTimeOffset("OnlineHighWater"));
}
