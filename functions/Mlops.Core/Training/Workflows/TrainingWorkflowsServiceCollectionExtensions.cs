using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Mlops.Core.Api;
using Mlops.Core.Pipelines;
using Mlops.Core.Pipelines.Scheduling;
using Mlops.Core.Pipelines.Triggers;
using Mlops.Core.Storage;
using Mlops.Core.Training.Data;
using Mlops.Workflows;

namespace Mlops.Core.Training.Workflows;

/// <summary>Registers the training and retraining workflows, their activities, model policies, the blob trigger and the retraining schedules.</summary>
public static class TrainingWorkflowsServiceCollectionExtensions
{
    /// <summary>
    /// Adds <c>TrainingWorkflow</c> and <c>RetrainingWorkflow</c> with their activities, the <c>ModelPolicies</c> store and
    /// its routes, the <c>training-data/{model}/...</c> blob route (input built from the drop) and one retraining schedule
    /// per model policy with a cron. Call after <c>AddTraining</c> and <c>AddPipelines</c> (the blob route replaces theirs).
    /// </summary>
    public static IHostApplicationBuilder AddTrainingWorkflows(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        services.AddStorageTable(TableModelPolicyStore.Table);
        services.TryAddSingleton<IModelPolicyStore, TableModelPolicyStore>();
        services.AddSingleton<PreparedTrainingCache>();
        services.AddSingleton<ModelPolicyApi>();
        services.AddApiEndpoint<ModelPolicyApi>("GetModelPolicy", (api, request, ct) => api.GetAsync(request, ct));
        services.AddApiEndpoint<ModelPolicyApi>("PutModelPolicy", (api, request, ct) => api.PutAsync(request, ct));
        services.AddApiEndpoint<ModelPolicyApi>("DeleteModelPolicy", (api, request, ct) => api.DeleteAsync(request, ct));
        services.AddWorkflows(registry =>
        {
            TrainingActivities.Register(registry);
            registry
                .AddWorkflow<TrainingWorkflow>(PipelineWorkflowNames.Training)
                .AddWorkflow<RetrainingWorkflow>(PipelineWorkflowNames.Retraining);
        });
        services.AddBlobTrigger(new BlobTriggerRoute(DatasetContainers.TrainingData, PipelineWorkflowNames.Training, DropInput));
        services.AddSingleton<IWorkflowScheduleSource, RetrainingScheduleSource>();
        return builder;
    }

    /// <summary>A drop in <c>training-data/{model}/...</c> trains <c>{model}</c> on that blob, with the model's policy.</summary>
    internal static TrainingInput DropInput(BlobDrop drop) => new()
    {
        Model = drop.Key,
        Data = $"blob://{drop.Container}/{drop.BlobName}",
        ETag = drop.ETag,
        Reason = TrainingReasons.DataDrop,
        Details = $"Blob {drop.Container}/{drop.BlobName} (ETag {drop.ETag}) arrived at {drop.EventTime:O}.",
    };
}
