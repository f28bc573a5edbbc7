namespace Mlops.Core.Monitoring;

/// <summary>
/// The prediction log: records are accepted in memory and written to Blob storage in batches off the request path.
/// <see cref="AppendAsync"/> waits (backpressure) when the buffer is full rather than dropping; what it accepted is
/// written before a graceful shutdown completes.
/// </summary>
public interface IPredictionLog
{
    /// <summary>False when logging is off, so callers can skip building what they would log.</summary>
    bool IsEnabled { get; }

    /// <summary>Accepts a record for writing; completes once it is buffered.</summary>
    ValueTask AppendAsync(PredictionRecord record, CancellationToken cancellationToken = default);
}
