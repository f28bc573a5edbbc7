using System.Text.Json.Serialization;

namespace Mlops.Core.Training.Data;

/// <summary>
/// A training set built from feature views (Feast's historical retrieval): the request's data are the entity rows
/// (entity key columns, a timestamp, the label and any other columns), and each feature in <see cref="Refs"/> is
/// joined to every row as of the row's time, bounded by its view's TTL, from the offline store. The joined set is
/// snapshotted like any data file, and the registered version lists the features (parameter <c>features</c>) so that
/// predictions can be made from entity keys alone.
/// </summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record FeatureJoinRequest
{
    /// <summary>The timestamp column of the entity rows when none is named.</summary>
    public const string DefaultTimestampColumn = "event_timestamp";

    /// <summary>The features to join, as <c>view:feature</c>. Required, at least one, no duplicates.</summary>
    public IReadOnlyList<string>? Refs { get; init; }

    /// <summary>The entity rows' timestamp column (the time each row's features are taken as of). Default <c>event_timestamp</c>.</summary>
    public string? TimestampColumn { get; init; }

    /// <summary>Name the joined columns <c>view__feature</c> instead of by the feature's name (needed when two views share a feature name).</summary>
    public bool FullFeatureNames { get; init; }
}
