using Azure.Messaging;

namespace Mlops.Core.Events;

/// <summary>
/// Publishes platform events: to an Event Grid topic when <c>Events:TopicEndpoint</c> is set, else to the outbox table,
/// from which the server delivers them to the configured webhooks. Publishing an event id twice delivers it once from
/// the outbox (a re-run activity, a retried request).
/// </summary>
public interface IEventPublisher
{
    /// <summary>Publishes one event; returns once it is durably accepted.</summary>
    Task PublishAsync(CloudEvent cloudEvent, CancellationToken cancellationToken = default);
}
