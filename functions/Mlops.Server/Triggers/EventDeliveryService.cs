using Mlops.Core.Events;

namespace Mlops.Server.Triggers;

/// <summary>Delivers queued platform events to the configured webhooks; the delivery itself is Mlops.Core's.</summary>
internal sealed partial class EventDeliveryService(IEventDelivery delivery, ILogger<EventDeliveryService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                DateTimeOffset? next = null;
                try
                {
                    next = await delivery.DeliverDueAsync(stoppingToken);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    LogDeliveryFailed(logger, ex);
                }

                await delivery.WaitForWorkAsync(next, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping.
        }
    }

    [LoggerMessage(EventId = Core.Diagnostics.LogEvents.Events + 90, Level = LogLevel.Warning, Message = "Event delivery failed; retrying")]
    private static partial void LogDeliveryFailed(ILogger logger, Exception exception);
}
