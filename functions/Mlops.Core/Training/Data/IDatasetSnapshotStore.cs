namespace Mlops.Core.Training.Data;

/// <summary>Write-once, content-addressed copies of data files under <c>datasets/</c>.</summary>
public interface IDatasetSnapshotStore
{
    /// <summary>
    /// Stores <paramref name="content"/> as <c>datasets/{digest}.{ext}</c> unless a blob of that name exists: it is
    /// never overwritten, so a snapshot, once referenced by a model version, cannot change.
    /// </summary>
    /// <param name="digest">The SHA-256 of <paramref name="content"/>, 64 lower-case hex digits (the caller computed it while streaming).</param>
    /// <param name="format">The file format, which gives the extension.</param>
    /// <param name="content">The file content, from its current position.</param>
    /// <param name="cancellationToken">Cancels the upload.</param>
    Task<DatasetSnapshot> SaveAsync(string digest, DataFormat format, Stream content, CancellationToken cancellationToken = default);
}
