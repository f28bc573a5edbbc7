namespace Mlops.Core.Features.PointInTime;

/// <summary>One view's part of a join: its rows, and which of its features to output under which column names.</summary>
/// <param name="Frame">The view's feature rows.</param>
/// <param name="Features">Feature names of the view to output (each a column of <paramref name="Frame"/>).</param>
/// <param name="OutputNames">The output column name of each entry of <paramref name="Features"/>.</param>
internal sealed record ViewSelection(FeatureFrame Frame, IReadOnlyList<string> Features, IReadOnlyList<string> OutputNames);
