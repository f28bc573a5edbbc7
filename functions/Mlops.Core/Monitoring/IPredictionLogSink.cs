namespace Mlops.Core.Monitoring;

/// <summary>Where flushed batches go: one new blob per call. The writer retries failures; tests decorate it.</summary>
internal interface IPredictionLogSink
{
    /// <summary>Creates <paramref name="blobName"/> with <paramref name="content"/>; never overwrites another blob.</summary>
    Task WriteAsync(string blobName, ReadOnlyMemory<byte> content, CancellationToken cancellationToken);
}
