namespace Mlops.Core.Features;

/// <summary>
/// The online store: the latest feature values of each entity of a view, with their event time, for low-latency reads
/// at prediction time. Keys are encoded by the store, so any entity key text can be written and read back.
/// </summary>
public interface IOnlineFeatureStore
{
    /// <summary>
    /// Writes the latest row of each entity in <paramref name="frame"/> (the row with the greatest event time; on a tie the
    /// last one). Rerunning a write with the same frame changes nothing.
    /// </summary>
    /// <param name="view">The view the frame belongs to (its version's features).</param>
    /// <param name="frame">Feature rows, as the transformation engine produced them.</param>
    /// <param name="mode">Whether stored rows with a newer event time are kept (a backfill of an older range) or the
    /// caller guarantees the frame is newer (incremental materialization, fastest).</param>
    /// <param name="cancellationToken">Cancels the write; batches already sent stay written.</param>
    Task<OnlineWriteResult> WriteAsync(FeatureView view, FeatureFrame frame, OnlineWriteMode mode = OnlineWriteMode.KeepNewer, CancellationToken cancellationToken = default);

    /// <summary>
    /// Reads features of many entities of one view: one row per entity, in the order given, with each feature's value,
    /// status (present, not found, null value, outside the view's TTL) and event time.
    /// </summary>
    /// <param name="view">The view to read.</param>
    /// <param name="entities">The entities; duplicates are allowed and answered each time.</param>
    /// <param name="features">The features to return, in this order; null for all of the view's features. An unknown
    /// name is a validation error (field <c>features</c>).</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    Task<OnlineFeatureResult> ReadAsync(FeatureView view, IReadOnlyList<EntityKey> entities, IReadOnlyList<string>? features = null, CancellationToken cancellationToken = default);
}
