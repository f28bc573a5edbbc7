using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Mlops.Workflows.Engine;

namespace Mlops.Workflows.Tests.Infrastructure;

/// <summary>
/// A started generic host running the embedded engine on the test Azurite. Several hosts with the same task hub
/// behave as several server processes sharing a storage account.
/// </summary>
public sealed class EngineHost : IAsyncDisposable
{
    private readonly IHost _host;
    private bool _stopped;

    private EngineHost(IHost host, string taskHub)
    {
        _host = host;
        TaskHub = taskHub;
    }

    public string TaskHub { get; }

    public IServiceProvider Services => _host.Services;

    public IWorkflowClient Client => Services.GetRequiredService<IWorkflowClient>();

    internal WorkflowEngine Engine => Services.GetRequiredService<WorkflowEngine>();

    public static async Task<EngineHost> StartAsync(
        string taskHub,
        Action<WorkflowRegistry> register,
        Action<WorkflowEngineOptions>? configure = null,
        TimeProvider? time = null)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Services.AddSingleton(TestStorage.Tables());
        builder.Services.AddSingleton(TestStorage.Queues());
        if (time is not null)
        {
            builder.Services.AddSingleton(time);
        }

        builder.Services.AddWorkflows(register);
        builder.Services.AddWorkflowEngine(options =>
        {
            options.TaskHub = taskHub;
            options.LeaseDuration = TimeSpan.FromSeconds(3);
            options.LeaseRenewInterval = TimeSpan.FromMilliseconds(500);
            options.MaxPollingInterval = TimeSpan.FromMilliseconds(100);
            options.CompletionPollingInterval = TimeSpan.FromMilliseconds(20);
            configure?.Invoke(options);
        });
        var host = builder.Build();
        await host.StartAsync();
        return new EngineHost(host, taskHub);
    }

    /// <summary>Stops gracefully: steps in progress finish, partitions are handed back.</summary>
    public async Task StopAsync()
    {
        if (!_stopped)
        {
            _stopped = true;
            await _host.StopAsync();
        }
    }

    /// <summary>Stops as a killed process would: nothing more is written, leases expire on their own.</summary>
    public async Task CrashAsync()
    {
        if (!_stopped)
        {
            _stopped = true;
            await Engine.CrashAsync();
            await _host.StopAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _host.Dispose();
    }
}
