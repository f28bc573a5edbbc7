namespace Mlops.Core.Pipelines.Triggers;

/// <summary>
/// A blob that arrived in a trigger container, from an Event Grid <c>Microsoft.Storage.BlobCreated</c> event (delivered by
/// Event Grid, raised by the server's blob watcher, or bound by the Functions app's blob trigger). The default input of a
/// blob-triggered workflow.
/// </summary>
/// <param name="Container">The container's logical name, e.g. <c>training-data</c>.</param>
/// <param name="BlobName">The blob's name within the container, e.g. <c>churn/2025-01.csv</c>.</param>
/// <param name="Key">The first segment of <paramref name="BlobName"/>: the model (or feature view) it is for.</param>
/// <param name="Url">The blob's URL.</param>
/// <param name="ETag">The blob's ETag without quotes: with the name, it identifies this content.</param>
/// <param name="ContentType">The blob's content type, if known.</param>
/// <param name="ContentLength">The blob's size in bytes, if known.</param>
/// <param name="EventTime">When the blob was created (the event's time).</param>
/// <param name="EventId">The event's id.</param>
public sealed record BlobDrop(
    string Container,
    string BlobName,
    string Key,
    string Url,
    string ETag,
    string? ContentType,
    long? ContentLength,
    DateTimeOffset EventTime,
    string EventId);
