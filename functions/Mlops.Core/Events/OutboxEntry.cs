namespace Mlops.Core.Events;

/// <summary>One event's delivery to one webhook, as kept in the outbox.</summary>
/// <param name="Subscriber">The webhook's name.</param>
/// <param name="EventId">The event's id.</param>
/// <param name="Type">The event's type.</param>
/// <param name="Status"><c>pending</c>, <c>delivered</c> or <c>failed</c> (given up).</param>
/// <param name="Attempts">Delivery attempts so far (HTTP requests, quick retries included).</param>
/// <param name="LastStatusCode">The last HTTP status received, if any.</param>
/// <param name="LastError">The last failure, if any.</param>
/// <param name="CreatedAt">When the event was queued.</param>
/// <param name="DeliveredAt">When it was delivered.</param>
public sealed record OutboxEntry(
    string Subscriber,
    string EventId,
    string Type,
    string Status,
    int Attempts,
    int? LastStatusCode,
    string? LastError,
    DateTimeOffset CreatedAt,
    DateTimeOffset? DeliveredAt);
