using Microsoft.Extensions.Options;
using Mlops.Core.Pipelines.Scheduling;

namespace Mlops.Server.Triggers;

/// <summary>Ticks the workflow scheduler at each schedule's next occurrence (and at least every refresh interval).</summary>
internal sealed partial class SchedulerService(
    IWorkflowScheduler scheduler,
    IOptions<SchedulerOptions> options,
    TimeProvider time,
    ILogger<SchedulerService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.Enabled)
        {
            return;
        }

        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                // Wake times are absolute, so a slow tick does not push the next one later.
                var refreshAt = time.GetUtcNow() + options.Value.RefreshInterval;
                DateTimeOffset? next = null;
                try
                {
                    next = await scheduler.TickAsync(cancellationToken: stoppingToken);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    LogTickFailed(logger, ex);
                }

                var wakeAt = next is { } at && at < refreshAt ? at : refreshAt;
                var delay = wakeAt - time.GetUtcNow();
                await Task.Delay(delay < TimeSpan.Zero ? TimeSpan.Zero : delay, time, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping.
        }
    }

    [LoggerMessage(EventId = Core.Diagnostics.LogEvents.Workflows + 90, Level = LogLevel.Warning, Message = "Scheduler tick failed; retrying")]
    private static partial void LogTickFailed(ILogger logger, Exception exception);
}
