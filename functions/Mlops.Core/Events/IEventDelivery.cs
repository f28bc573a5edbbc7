namespace Mlops.Core.Events;

/// <summary>
/// Delivers queued events from the outbox to the webhooks (the server runs it in a background loop): each body is the
/// CloudEvent in structured mode, signed with HMAC-SHA256 when the webhook has a secret, retried quickly (Polly) and then
/// with growing delays kept in the outbox, until delivered or <c>Events:MaxAttempts</c> is reached.
/// </summary>
public interface IEventDelivery
{
    /// <summary>Sends everything due now; returns when the next queued attempt is due, or null when nothing is queued.</summary>
    Task<DateTimeOffset?> DeliverDueAsync(CancellationToken cancellationToken = default);

    /// <summary>Waits until <paramref name="until"/> (or the poll interval), or until this process queues an event.</summary>
    Task WaitForWorkAsync(DateTimeOffset? until, CancellationToken cancellationToken = default);

    /// <summary>The delivery record of an event for a webhook, or null.</summary>
    Task<OutboxEntry?> FindAsync(string subscriber, string eventId, CancellationToken cancellationToken = default);
}
