namespace Mlops.Core.Monitoring.Drift;

/// <summary>
/// Reference and current distributions of one column over the same bins, as fractions of each side's non-missing
/// values, for the report.
/// </summary>
/// <param name="Labels">A label per bin: a category, or a numeric range.</param>
/// <param name="Reference">The reference's fraction per bin.</param>
/// <param name="Current">The current data's fraction per bin.</param>
/// <param name="Edges">For numeric bins, the <c>Labels.Count + 1</c> edges (each bin closed on the left, the last on both sides); null for categories.</param>
public sealed record DriftHistogram(
    IReadOnlyList<string> Labels,
    IReadOnlyList<double> Reference,
    IReadOnlyList<double> Current,
    IReadOnlyList<double>? Edges = null);
