namespace Mlops.Core.Features.Online;

/// <summary>One requested feature's values for every requested entity, column-major as Feast answers.</summary>
/// <param name="Reference">The feature.</param>
/// <param name="ViewVersion">The view version that answered.</param>
/// <param name="Values">Per entity: a <see cref="double"/>, a <see cref="string"/>, or null.</param>
/// <param name="Statuses">Per entity: present, not found, null value or outside the view's TTL.</param>
/// <param name="EventTimestamps">Per entity: the event time of the stored row, or null when not found.</param>
internal sealed record OnlineFeatureColumn(
    FeatureReference Reference,
    int ViewVersion,
    object?[] Values,
    FeatureStatus[] Statuses,
    DateTimeOffset?[] EventTimestamps);
