using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Mlops.Core.Api;
using Mlops.Core.Pipelines;
using Mlops.Core.Pipelines.Scheduling;
using Mlops.Core.Pipelines.Triggers;
using Mlops.Core.Storage;
using Mlops.Workflows;

namespace Mlops.Core.Features;

/// <summary>Registers the feature store: registry, online and offline stores, materialization and its triggers, routes.</summary>
public static class FeaturesServiceCollectionExtensions
{
    /// <summary>The schedule key of incremental materialization (run ids <c>feature-materialization-{time}</c>).</summary>
    public const string ScheduleKey = "feature-materialization";

    /// <summary>
    /// Adds the feature store. Call after <c>AddPipelines</c>: it replaces the <c>feature-sources</c> blob route with one
    /// that passes the view and blob to the materialization workflow.
    /// </summary>
    public static IHostApplicationBuilder AddFeatures(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        var section = builder.Configuration.GetSection(FeaturesOptions.SectionName);
        services.AddOptions<FeaturesOptions>()
            .Bind(section)
            .ValidateDataAnnotations()
            .Validate(o => FeatureDuration.TryParse(o.ChunkSize, out var size) && size >= TimeSpan.FromMinutes(1) && TimeSpan.FromDays(1).Ticks % size.Ticks == 0,
                "Features:ChunkSize must be a duration that divides a day (e.g. 1h, 1d).")
            .ValidateOnStart();

        services.AddStorageTable(FeatureStoreNames.ViewsTable);
        for (var bucket = 0; bucket < OnlineKeys.Buckets; bucket++)
        {
            services.AddStorageTable(OnlineKeys.Table(bucket));
        }

        services.AddStorageTable(FeatureStoreNames.SourceIndexTable);
        services.AddStorageContainer(OfflineFeatureLayout.Container);
        services.TryAddSingleton<IFeatureRegistry, TableFeatureRegistry>();
        services.TryAddSingleton<IOnlineFeatureStore, TableOnlineFeatureStore>();
        services.TryAddSingleton<IOfflineFeatureStore, ParquetOfflineFeatureStore>();
        services.AddSingleton<FeatureSourceReader>();
        services.AddSingleton<FeatureStateStore>();
        services.AddSingleton<FeatureMaterializer>();
        services.AddSingleton<FeatureDefinitionsLoader>();
        services.AddHostedService(sp => sp.GetRequiredService<FeatureDefinitionsLoader>());

        services.AddWorkflows(FeatureMaterializationWorkflow.Register);
        services.AddBlobTrigger(new BlobTriggerRoute(
            TriggerContainers.FeatureSources,
            PipelineWorkflowNames.FeatureMaterialization,
            drop => new FeatureMaterializationInput(View: drop.Key, Blob: drop.BlobName)));

        // The key is read here because a schedule is a registration; empty turns it off.
        var schedule = section.GetSection(nameof(FeaturesOptions.Schedule)).Exists() ? section[nameof(FeaturesOptions.Schedule)] : new FeaturesOptions().Schedule;
        if (!string.IsNullOrWhiteSpace(schedule))
        {
            services.AddWorkflowSchedule(new WorkflowSchedule(ScheduleKey, schedule, PipelineWorkflowNames.FeatureMaterialization, _ => new FeatureMaterializationInput()));
        }

        services.AddSingleton<FeaturesApi>();
        services.AddApiEndpoint<FeaturesApi>("ListFeatureViews", (api, request, ct) => api.ListViewsAsync(request, ct));
        services.AddApiEndpoint<FeaturesApi>("GetFeatureView", (api, request, ct) => api.GetViewAsync(request, ct));
        services.AddApiEndpoint<FeaturesApi>("DefineFeatureView", (api, request, ct) => api.PutViewAsync(request, ct));
        services.AddApiEndpoint<FeaturesApi>("CreateFeatureView", (api, request, ct) => api.PostViewAsync(request, ct));
        services.AddApiEndpoint<FeaturesApi>("MaterializeFeatureView", (api, request, ct) => api.MaterializeAsync(request, ct));
        return builder;
    }
}
