namespace Mlops.Core.Features;

/// <summary>What one chunk did.</summary>
internal sealed record FeatureChunkResult(long SourceRows, int Blobs, int Rows, int Entities, int KeptNewer, string? File);
