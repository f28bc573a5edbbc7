using Azure.Messaging;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Mlops.Core.Events;

/// <summary>Queues each event in the outbox once per configured webhook; the delivery loop sends them.</summary>
internal sealed class OutboxEventPublisher(
    EventOutbox outbox,
    OutboxSignal signal,
    IOptionsMonitor<EventsOptions> options,
    ILogger<OutboxEventPublisher> logger) : IEventPublisher
{
    public async Task PublishAsync(CloudEvent cloudEvent, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(cloudEvent);
        var subscribers = options.CurrentValue.Webhooks.Keys.ToList();
        if (subscribers.Count == 0)
        {
            EventsLog.NoSubscribers(logger, cloudEvent.Id, cloudEvent.Type);
            return;
        }

        foreach (var subscriber in subscribers)
        {
            await outbox.EnqueueAsync(subscriber, cloudEvent, cancellationToken).ConfigureAwait(false);
        }

        EventsLog.Queued(logger, cloudEvent.Id, cloudEvent.Type, subscribers.Count);
        signal.Notify();
    }
}
