using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Mlops.Core.Pipelines;
using Mlops.Core.Pipelines.Triggers;
using Mlops.Core.Storage;
using Mlops.Workflows;

namespace Mlops.Core.Serving.Batch;

/// <summary>Registers batch scoring: the workflow, its activity, the <c>scoring-output</c> container and the <c>scoring-input</c> drop route.</summary>
public static class BatchScoringServiceCollectionExtensions
{
    /// <summary>Adds <c>BatchScoringWorkflow</c>; call after <c>AddPipelines</c> (its drop route replaces the default one).</summary>
    public static IHostApplicationBuilder AddBatchScoring(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        services.AddStorageContainer(BatchScorer.OutputContainer);
        services.AddWorkflows(registry => registry
            .AddActivity<BatchScoringInput, BatchScoringResult>(PipelineWorkflowNames.BatchScore, BatchScorer.RunAsync)
            .AddWorkflow<BatchScoringWorkflow>(PipelineWorkflowNames.BatchScoring));
        services.AddBlobTrigger(new BlobTriggerRoute(TriggerContainers.ScoringInput, PipelineWorkflowNames.BatchScoring, DropInput));
        return builder;
    }

    /// <summary>A drop in <c>scoring-input/{model}/...</c> is scored by <c>{model}</c>'s champion.</summary>
    internal static BatchScoringInput DropInput(BlobDrop drop) => new()
    {
        Model = drop.Key,
        Data = $"blob://{drop.Container}/{drop.BlobName}",
        ETag = drop.ETag,
    };
}
