using System.Collections.Concurrent;
using Azure.Messaging;
using Azure.Messaging.EventGrid;
using Azure.Storage.Blobs;
using Mlops.Core.Pipelines;
using Mlops.Core.Pipelines.Triggers;

namespace Mlops.Core.Tests.Pipelines;

/// <summary>Records the Event Grid events it is handed; can fail the next calls to simulate an unavailable engine.</summary>
public sealed class RecordingBlobEventHandler : IBlobEventHandler
{
    private int _failures;

    public ConcurrentQueue<EventGridEvent> Events { get; } = new();

    public void FailNext(int calls) => _failures = calls;

    public Task<IReadOnlyList<BlobEventResult>> HandleAsync(IReadOnlyList<EventGridEvent> events, IPipelineClient? client = null, CancellationToken cancellationToken = default)
    {
        if (Interlocked.Decrement(ref _failures) >= 0)
        {
            throw new InvalidOperationException("The engine is unavailable.");
        }

        foreach (var e in events)
        {
            Events.Enqueue(e);
        }

        return Task.FromResult<IReadOnlyList<BlobEventResult>>([.. events.Select(e => new BlobEventResult(e.Id, BlobEventOutcome.Started, "recorded"))]);
    }

    public Task<IReadOnlyList<BlobEventResult>> HandleAsync(IReadOnlyList<CloudEvent> events, IPipelineClient? client = null, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException();

    public Task<BlobEventResult> HandleBlobAsync(BlobClient blob, IPipelineClient? client = null, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException();
}
