namespace Mlops.Core.Features;

/// <summary>The chunks of a run, view after view.</summary>
internal sealed record FeatureMaterializationPlan(IReadOnlyList<FeatureChunk> Chunks);
