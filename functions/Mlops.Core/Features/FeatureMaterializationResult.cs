namespace Mlops.Core.Features;

/// <summary>What a materialization run did, per view.</summary>
/// <param name="Views">One summary per view materialized.</param>
public sealed record FeatureMaterializationResult(IReadOnlyList<FeatureViewMaterialization> Views);
