namespace Mlops.Server.Triggers;

/// <summary>The server's background services: what Event Grid, timer triggers and Event Grid topics do for the Functions app.</summary>
internal static class TriggerHostingExtensions
{
    /// <summary>Adds the blob watcher, the workflow scheduler and webhook delivery of platform events.</summary>
    public static IHostApplicationBuilder AddServerTriggers(this IHostApplicationBuilder builder)
    {
        builder.Services.AddHostedService<BlobWatcherService>();
        builder.Services.AddHostedService<SchedulerService>();
        builder.Services.AddHostedService<EventDeliveryService>();
        return builder;
    }
}
