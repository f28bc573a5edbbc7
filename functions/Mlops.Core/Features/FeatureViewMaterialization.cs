namespace Mlops.Core.Features;

/// <summary>What a materialization run did for one view.</summary>
/// <param name="View">The view.</param>
/// <param name="Version">The view version used.</param>
/// <param name="From">Start of the range materialized.</param>
/// <param name="To">End of the range materialized.</param>
/// <param name="Chunks">Chunks run.</param>
/// <param name="SourceRows">Source rows read (history for windows included).</param>
/// <param name="Rows">Feature rows written to the offline store.</param>
/// <param name="Entities">Entity rows written to the online store.</param>
public sealed record FeatureViewMaterialization(string View, int Version, DateTimeOffset From, DateTimeOffset To, int Chunks, long SourceRows, long Rows, long Entities);
