namespace Mlops.Core.Features;

/// <summary>Where a feature view's source rows are: blobs in the <c>feature-sources</c> container.</summary>
/// <param name="Path">A blob name pattern inside <c>feature-sources</c>, starting with the view's name, e.g.
/// <c>driver_stats/*.csv</c> or <c>driver_stats/**</c>: '*' matches within one path segment, '**' across segments. Null
/// means every blob under <c>{view}/</c> with the format's extension.</param>
/// <param name="Format">The files' format.</param>
/// <param name="Columns">The source's columns, optional: when given, every column a feature, an entity or the timestamp
/// names must be one of them (checked when the view is defined); the files are always checked when read.</param>
public sealed record FeatureSourceDefinition(
    string? Path = null,
    FeatureSourceFormat Format = FeatureSourceFormat.Csv,
    IReadOnlyList<string>? Columns = null);
