using Microsoft.Extensions.Logging;
using Mlops.Core.Diagnostics;

namespace Mlops.Core.Events;

/// <summary>Log messages of platform events (1900–1999).</summary>
internal static partial class EventsLog
{
    [LoggerMessage(EventId = LogEvents.Events + 1, Level = LogLevel.Debug, Message = "Event {EventId} ({Type}) queued for {Subscribers} webhook(s)")]
    public static partial void Queued(ILogger logger, string eventId, string type, int subscribers);

    [LoggerMessage(EventId = LogEvents.Events + 2, Level = LogLevel.Debug, Message = "Event {EventId} ({Type}) has no subscribers: no topic and no webhook configured")]
    public static partial void NoSubscribers(ILogger logger, string eventId, string type);

    [LoggerMessage(EventId = LogEvents.Events + 3, Level = LogLevel.Debug, Message = "Event {EventId} ({Type}) sent to the Event Grid topic")]
    public static partial void SentToTopic(ILogger logger, string eventId, string type);

    [LoggerMessage(EventId = LogEvents.Events + 10, Level = LogLevel.Information, Message = "Delivered event {EventId} to webhook {Subscriber} (attempt {Attempt}, status {Status})")]
    public static partial void Delivered(ILogger logger, string eventId, string subscriber, int attempt, int status);

    [LoggerMessage(EventId = LogEvents.Events + 11, Level = LogLevel.Warning, Message = "Delivery of event {EventId} to webhook {Subscriber} failed (attempt {Attempt}): {Reason}; next attempt at {NextAttempt}")]
    public static partial void DeliveryFailed(ILogger logger, string eventId, string subscriber, int attempt, string reason, DateTimeOffset nextAttempt);

    [LoggerMessage(EventId = LogEvents.Events + 12, Level = LogLevel.Error, Message = "Gave up delivering event {EventId} to webhook {Subscriber} after {Attempts} attempts: {Reason}")]
    public static partial void DeliveryAbandoned(ILogger logger, string eventId, string subscriber, int attempts, string reason);

    [LoggerMessage(EventId = LogEvents.Events + 20, Level = LogLevel.Error, Message = "Publishing {Type} for {Subject} failed after the change was committed; the event is lost")]
    public static partial void PublishAfterCommitFailed(ILogger logger, Exception exception, string type, string subject);
}
