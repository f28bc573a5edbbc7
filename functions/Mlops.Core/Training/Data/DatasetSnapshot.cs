namespace Mlops.Core.Training.Data;

/// <summary>An immutable, content-addressed copy of a data file, for lineage.</summary>
/// <param name="Uri">Where the copy is: <c>blob://datasets/{digest}.{ext}</c> (a logical container, readable through
/// <see cref="IDataSourceResolver"/>); recorded as the model version's training data.</param>
/// <param name="Digest">SHA-256 of the file, lower-case hex.</param>
/// <param name="Length">The file's size in bytes.</param>
/// <param name="Format">The file format.</param>
/// <param name="ETag">The snapshot blob's ETag.</param>
/// <param name="Created">Whether this call wrote the copy (false: the same content was snapshotted before).</param>
public sealed record DatasetSnapshot(string Uri, string Digest, long Length, DataFormat Format, string ETag, bool Created);
