namespace Mlops.Core.Features.PointInTime;

/// <summary>One view's part of a join: its rows, its TTL, and which of its features to output under which column names.</summary>
/// <param name="View">The view's name, for messages.</param>
/// <param name="Frame">The view's feature rows (several offline files concatenated, see <see cref="FeatureFrames.Concat"/>).</param>
/// <param name="Ttl">How long a value stays valid after its event time; zero or less = forever.</param>
/// <param name="Features">Feature names of the view to output (each a feature of <paramref name="Frame"/>).</param>
/// <param name="OutputNames">The output column name of each entry of <paramref name="Features"/>.</param>
internal sealed record ViewSelection(string View, FeatureFrame Frame, TimeSpan Ttl, IReadOnlyList<string> Features, IReadOnlyList<string> OutputNames);
