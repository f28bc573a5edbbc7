namespace Mlops.Core.Features;

/// <summary>One Parquet file of the offline store.</summary>
/// <param name="View">The view's name.</param>
/// <param name="Version">The view version that computed it.</param>
/// <param name="Date">The UTC date partition of its rows' event times.</param>
/// <param name="BlobName">The blob's name in the <c>features</c> container.</param>
/// <param name="Rows">The number of rows, when known (-1 otherwise).</param>
public sealed record OfflineFeatureFile(string View, int Version, DateOnly Date, string BlobName, long Rows = -1);
