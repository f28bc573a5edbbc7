namespace Mlops.Core.Features;

/// <summary>A view's materialization state.</summary>
/// <param name="Watermark">Source rows before this time are materialized (contiguously); null when never run.</param>
/// <param name="OnlineHighWater">No online row of the view has an event time at or after this; null when none written.</param>
internal sealed record FeatureMaterializationState(DateTimeOffset? Watermark, DateTimeOffset? OnlineHighWater);
