namespace Mlops.Core.Features;

/// <summary>
/// A feature view as its author writes it (JSON file or <c>PUT /api/features/views/{view}</c>): the entity it describes,
/// where its rows come from and the features computed from them. Validated by <see cref="FeatureViewValidator"/>; stored
/// and versioned by <see cref="IFeatureRegistry"/>.
/// </summary>
/// <param name="Name">The view's name: a letter, then up to 63 letters, digits or '_' (it becomes a table key and a blob path).</param>
/// <param name="Entities">The entity key columns, in order (e.g. <c>["driver_id"]</c>); 1 to 5 distinct source columns.</param>
/// <param name="TimestampColumn">The source column holding each row's event time.</param>
/// <param name="Source">Where the source rows are (blobs in <c>feature-sources</c>) and their format.</param>
/// <param name="Features">The features, each a passthrough column, a derived expression or a windowed aggregate.</param>
/// <param name="Ttl">How long a value stays valid after its event time (<see cref="FeatureDuration"/> text such as <c>7d</c>):
/// online reads past it report <see cref="FeatureStatus.OutsideMaxAge"/>, point-in-time joins look no further back, and a
/// view never materialized starts at now − TTL.</param>
/// <param name="Owner">Who answers for the view (e-mail or team), optional.</param>
/// <param name="Description">What the view is, optional.</param>
/// <param name="Tags">Free-form labels, optional.</param>
public sealed record FeatureViewDefinition(
    string Name,
    IReadOnlyList<string> Entities,
    string TimestampColumn,
    FeatureSourceDefinition Source,
    IReadOnlyList<FeatureDefinition> Features,
    string Ttl,
    string? Owner = null,
    string? Description = null,
    IReadOnlyDictionary<string, string>? Tags = null);
