using Azure.Messaging;
using Azure.Messaging.EventGrid;
using Azure.Storage.Blobs;

namespace Mlops.Core.Pipelines.Triggers;

/// <summary>
/// The one handler of blob drops: Event Grid deliveries to the webhook, the server's blob watcher and the Functions app's
/// blob triggers all end here. A <c>Microsoft.Storage.BlobCreated</c> event in a trigger container starts the container's
/// workflow with an instance id derived from the blob's name and ETag, so a redelivered event starts nothing new. Storage
/// or engine failures propagate (the caller retries); bad events are reported, not thrown.
/// </summary>
public interface IBlobEventHandler
{
    /// <summary>Handles Event Grid schema events. <paramref name="client"/>: the engine client to use, default the registered one.</summary>
    Task<IReadOnlyList<BlobEventResult>> HandleAsync(IReadOnlyList<EventGridEvent> events, IPipelineClient? client = null, CancellationToken cancellationToken = default);

    /// <summary>Handles CloudEvents 1.0 events.</summary>
    Task<IReadOnlyList<BlobEventResult>> HandleAsync(IReadOnlyList<CloudEvent> events, IPipelineClient? client = null, CancellationToken cancellationToken = default);

    /// <summary>Handles a blob bound by a blob trigger (the Functions app); reads its properties for the ETag.</summary>
    Task<BlobEventResult> HandleBlobAsync(BlobClient blob, IPipelineClient? client = null, CancellationToken cancellationToken = default);
}
