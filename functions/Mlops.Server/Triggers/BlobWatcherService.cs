using Microsoft.Extensions.Options;
using Mlops.Core.Pipelines.Triggers;

namespace Mlops.Server.Triggers;

/// <summary>Polls the trigger containers (the server's stand-in for Event Grid); the watching itself is Mlops.Core's.</summary>
internal sealed class BlobWatcherService(IBlobWatcher watcher, IOptions<BlobWatcherOptions> options, TimeProvider time) : BackgroundService
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
                await watcher.PollAsync(stoppingToken);
                await Task.Delay(options.Value.PollInterval, time, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping.
        }
    }
}
