using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Mlops.Workflows.Engine;

namespace Mlops.Workflows;

/// <summary>
/// Registers workflows, the management client and the embedded engine. Both need a <c>TableServiceClient</c> and a
/// <c>QueueServiceClient</c> in the container (Mlops.Core registers them from <c>AzureWebJobsStorage</c>; the queue
/// client should use Base64 message encoding, as Azure Functions does, so JSON payloads need no XML escaping) and use
/// the container's <see cref="TimeProvider"/> (the system clock when none is registered).
/// </summary>
public static class WorkflowServiceCollectionExtensions
{
    /// <summary>Adds workflows and activities to the registry; may be called once per area.</summary>
    public static IServiceCollection AddWorkflows(this IServiceCollection services, Action<WorkflowRegistry> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configure);
        services.AddSingleton(new WorkflowRegistration(configure));
        services.TryAddSingleton(sp =>
        {
            var registry = new WorkflowRegistry();
            foreach (var registration in sp.GetServices<WorkflowRegistration>())
            {
                registration.Configure(registry);
            }

            return registry;
        });
        return services;
    }

    /// <summary>Adds <see cref="IWorkflowClient"/> (no engine: for processes that only start and watch workflows).</summary>
    public static IServiceCollection AddWorkflowClient(this IServiceCollection services, Action<WorkflowEngineOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var options = services.AddOptions<WorkflowEngineOptions>();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        services.AddWorkflows(_ => { });
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<WorkflowStore>();
        services.TryAddSingleton<IWorkflowClient, WorkflowClient>();
        return services;
    }

    /// <summary>
    /// Adds the embedded durable engine as a hosted service, plus <see cref="IWorkflowClient"/>. Several hosts (processes)
    /// with the same task hub share the work.
    /// </summary>
    public static IServiceCollection AddWorkflowEngine(this IServiceCollection services, Action<WorkflowEngineOptions>? configure = null)
    {
        services.AddWorkflowClient(configure);
        services.TryAddSingleton<WorkflowEngine>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, WorkflowEngine>(sp => sp.GetRequiredService<WorkflowEngine>()));
        return services;
    }
}
