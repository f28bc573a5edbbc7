namespace Mlops.Core.Features;

/// <summary>One chunk of a materialization run: an activity's input.</summary>
/// <param name="View">The view.</param>
/// <param name="Version">The view version planned with.</param>
/// <param name="From">Start (inclusive), on a chunk boundary.</param>
/// <param name="To">End (exclusive), on the next boundary.</param>
/// <param name="DataUntil">The time the run planned at: no source row later than this was expected, so the watermark moves to at most it.</param>
internal sealed record FeatureChunk(string View, int Version, DateTimeOffset From, DateTimeOffset To, DateTimeOffset DataUntil);
