namespace Mlops.Core.Features;

/// <summary>
/// The input of the <c>FeatureMaterializationWorkflow</c>. With a <see cref="Blob"/> (a drop in <c>feature-sources</c>),
/// the range is the blob's event times plus the longest window after them; with <see cref="From"/> and <see cref="To"/>,
/// that range (a backfill); with neither, incremental: from the view's watermark (never run: now − TTL) to now.
/// </summary>
/// <param name="View">The view; null for every view (the schedule).</param>
/// <param name="From">Start of the range (inclusive), rounded down to a chunk boundary.</param>
/// <param name="To">End of the range (exclusive), rounded up to a chunk boundary.</param>
/// <param name="Blob">The dropped blob's name in <c>feature-sources</c>.</param>
/// <param name="ChunkSize">Overrides <see cref="FeaturesOptions.ChunkSize"/> for this run.</param>
public sealed record FeatureMaterializationInput(
    string? View = null,
    DateTimeOffset? From = null,
    DateTimeOffset? To = null,
    string? Blob = null,
    string? ChunkSize = null);
