using System.Collections.Concurrent;
using Azure.Messaging;
using Mlops.Core.Events;

namespace Mlops.Core.Tests.Pipelines;

/// <summary>Keeps what is published.</summary>
public sealed class RecordingEventPublisher : IEventPublisher
{
    public ConcurrentQueue<CloudEvent> Events { get; } = new();

    public Task PublishAsync(CloudEvent cloudEvent, CancellationToken cancellationToken = default)
    {
        Events.Enqueue(cloudEvent);
        return Task.CompletedTask;
    }
}
