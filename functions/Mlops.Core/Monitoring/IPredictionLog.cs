namespace Mlops.Core.Monitoring;

/// <summary>
/// The prediction log: records are accepted in memory and written to Blob storage in batches off the request path.
/// <see cref="AppendAsync"/> waits (backpressure) when the buffer is full rather than dropping; what it accepted is
/// written before a graceful shutdown completes.
/// </summary>
public interface IPredictionLog
{
    /// <summary>Accepts a record for writing; completes once it is buffered.</summary>
    ValueTask AppendAsync(PredictionRecord record, CancellationToken cancellationToken = default);
}
