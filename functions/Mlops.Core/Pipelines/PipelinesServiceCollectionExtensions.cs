using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Mlops.Core.Api;
using Mlops.Core.Pipelines.Scheduling;
using Mlops.Core.Pipelines.Triggers;
using Mlops.Core.Storage;
using Mlops.Core.Training.Data;
using Mlops.Workflows;

namespace Mlops.Core.Pipelines;

/// <summary>Registers workflows, their engine, the management routes and the triggers (blob drops, Event Grid, schedules).</summary>
public static class PipelinesServiceCollectionExtensions
{
    /// <summary>The setting that picks the engine: <c>Workflows:Engine</c> = <see cref="WorkflowEngineMode"/>.</summary>
    public const string EngineSetting = "Workflows:Engine";

    /// <summary>The task hub when neither <c>Workflows:TaskHub</c> nor <c>TASKHUB_NAME</c> is set.</summary>
    public const string DefaultTaskHub = "Mlops";

    /// <summary>
    /// Adds the platform's workflows and activities, the engine chosen by <c>Workflows:Engine</c> (embedded by default;
    /// <c>None</c> in the Functions app, where Durable Functions runs them), <see cref="IPipelineClient"/>, the pipeline
    /// routes, the Event Grid webhook, the blob event handler and watcher, and the scheduler. The engine's options bind
    /// from <c>Workflows</c>; its task hub defaults to <c>TASKHUB_NAME</c> (as the Functions host's) and its storage prefix
    /// to <c>Storage:Prefix</c>.
    /// </summary>
    public static IHostApplicationBuilder AddPipelines(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        var configuration = builder.Configuration;
        var mode = ReadMode(configuration);

        services.AddOptions<WorkflowEngineOptions>()
            .Bind(configuration.GetSection(WorkflowEngineOptions.SectionName))
            .PostConfigure<IOptions<StorageOptions>>((options, storage) =>
            {
                var section = configuration.GetSection(WorkflowEngineOptions.SectionName);
                if (string.IsNullOrEmpty(section[nameof(WorkflowEngineOptions.TaskHub)]))
                {
                    options.TaskHub = configuration["TASKHUB_NAME"] is { Length: > 0 } hub ? hub : DefaultTaskHub;
                }

                if (string.IsNullOrEmpty(section[nameof(WorkflowEngineOptions.StoragePrefix)]))
                {
                    options.StoragePrefix = storage.Value.Prefix;
                }

                options.SerializerOptions ??= MlopsJson.Options;
            });
        services.AddWorkflows(registry =>
        {
            SelfTestWorkflow.Register(registry);
            registry.AddActivity<PipelineEventRequest, bool>(PipelineWorkflowNames.PublishPipelineEvent, PublishPipelineEventActivity.RunAsync);
        });
        switch (mode)
        {
            case WorkflowEngineMode.Embedded:
                services.AddWorkflowEngine();
                break;
            case WorkflowEngineMode.Client:
                services.AddWorkflowClient();
                break;
            default:
                services.AddWorkflows(_ => { });
                break;
        }

        if (mode != WorkflowEngineMode.None)
        {
            services.TryAddSingleton<IPipelineClient, WorkflowPipelineClient>();
        }

        services.AddSingleton<PipelineLauncher>();
        services.TryAddScoped<PipelineClientScope>();
        services.AddSingleton<PipelineRunner>();
        AddManagement(services);
        AddTriggers(builder);
        AddScheduling(builder);
        return builder;
    }

    /// <summary>Routes new blobs in <see cref="BlobTriggerRoute.Container"/> to a workflow (the last route per container wins).</summary>
    public static IServiceCollection AddBlobTrigger(this IServiceCollection services, BlobTriggerRoute route)
    {
        ArgumentNullException.ThrowIfNull(route);
        services.AddSingleton(route);
        services.AddStorageContainer(route.Container);
        return services;
    }

    /// <summary>Adds a schedule evaluated by the scheduler.</summary>
    public static IServiceCollection AddWorkflowSchedule(this IServiceCollection services, WorkflowSchedule schedule)
    {
        ArgumentNullException.ThrowIfNull(schedule);
        return services.AddSingleton(schedule);
    }

    private static void AddManagement(IServiceCollection services)
    {
        services.AddSingleton<PipelinesApi>();
        services.AddApiEndpoint<PipelinesApi>("StartPipeline", (api, request, ct) => api.StartAsync(request, ct));
        services.AddApiEndpoint<PipelinesApi>("GetPipeline", (api, request, ct) => api.GetStatusAsync(request, ct));
        services.AddApiEndpoint<PipelinesApi>("ListPipelines", (api, request, ct) => api.ListAsync(request, ct));
        services.AddApiEndpoint<PipelinesApi>("RaisePipelineEvent", (api, request, ct) => api.RaiseEventAsync(request, ct));
        services.AddApiEndpoint<PipelinesApi>("TerminatePipeline", (api, request, ct) => api.TerminateAsync(request, ct));
        services.AddApiEndpoint<PipelinesApi>("PurgePipeline", (api, request, ct) => api.PurgeAsync(request, ct));
    }

    private static void AddTriggers(IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<BlobWatcherOptions>()
            .Bind(builder.Configuration.GetSection(BlobWatcherOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddStorageTable(BlobWatcher.StateTable);
        services.AddBlobTrigger(new BlobTriggerRoute(DatasetContainers.TrainingData, PipelineWorkflowNames.Training));
        services.AddBlobTrigger(new BlobTriggerRoute(TriggerContainers.ScoringInput, PipelineWorkflowNames.BatchScoring));
        services.AddBlobTrigger(new BlobTriggerRoute(TriggerContainers.FeatureSources, PipelineWorkflowNames.FeatureMaterialization));
        services.AddSingleton<BlobTriggerRoutes>();
        services.AddSingleton<IBlobEventHandler, BlobEventHandler>();
        services.AddSingleton<IBlobWatcher, BlobWatcher>();
        services.AddSingleton<EventGridWebhookApi>();
        services.AddApiEndpoint<EventGridWebhookApi>("EventGridWebhook", (api, request, ct) => api.PostAsync(request, ct));
        services.AddApiEndpoint<EventGridWebhookApi>("EventGridWebhookHandshake", (api, request, ct) => api.OptionsAsync(request, ct));
    }

    private static void AddScheduling(IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<SchedulerOptions>()
            .Bind(builder.Configuration.GetSection(SchedulerOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddStorageTable(WorkflowScheduler.StateTable);
        services.AddSingleton<IWorkflowScheduleSource, ConfiguredScheduleSource>();
        services.AddSingleton<IWorkflowScheduler, WorkflowScheduler>();
    }

    private static WorkflowEngineMode ReadMode(IConfiguration configuration)
    {
        var text = configuration[EngineSetting];
        if (string.IsNullOrWhiteSpace(text))
        {
            return WorkflowEngineMode.Embedded;
        }

        return Enum.TryParse<WorkflowEngineMode>(text, ignoreCase: true, out var mode) && Enum.IsDefined(mode) && !int.TryParse(text, out _)
            ? mode
            : throw new InvalidOperationException(
                $"{EngineSetting} must be one of {string.Join(", ", Enum.GetNames<WorkflowEngineMode>())}; got '{text}'.");
    }
}
