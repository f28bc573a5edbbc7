using Mlops.Core.Pipelines;
using Mlops.Core.Pipelines.Triggers;
using Mlops.Core.Registry;
using Microsoft.Extensions.DependencyInjection;
using Mlops.Workflows;

namespace Mlops.Core.Serving.Batch;

/// <summary>
/// Batch scoring of a drop in <c>scoring-input/{model}/...</c>: resolves the champion once (so every row is scored by
/// one version, even if the alias moves meanwhile), then scores the file chunk by chunk into
/// <c>scoring-output/{model}/...</c>.
/// </summary>
internal static class BatchScoringWorkflow
{
    public const string ResolveActivity = "ResolveScoringModel";
    public const string ScoreActivity = "ScoreBatch";

    public static void Register(WorkflowRegistry registry) => registry
        .AddActivity<string, int>(ResolveActivity, async (model, context, ct) =>
        {
            var version = await context.Services.GetRequiredService<ServingEngine>()
                .ResolveAsync(ModelNames.ValidateModel(model, "key"), ModelReference.Champion, ct).ConfigureAwait(false);
            return version.Version;
        })
        .AddActivity<BatchScoringInput, BatchScoringResult>(ScoreActivity, (input, context, ct) =>
            context.Services.GetRequiredService<BatchScorer>().ScoreAsync(input, context.InstanceId, ct))
        .AddPlatformWorkflow<BlobDrop, BatchScoringResult>(PipelineWorkflowNames.BatchScoring, RunAsync);

    private static async Task<BatchScoringResult> RunAsync(IWorkflowContext context, BlobDrop drop)
    {
        context.SetCustomStatus(new { step = "resolve", model = drop.Key });
        var version = await context.CallActivityAsync<int>(ResolveActivity, drop.Key);
        context.SetCustomStatus(new { step = "score", model = drop.Key, version });
        var result = await context.CallActivityAsync<BatchScoringResult>(
            ScoreActivity,
            new BatchScoringInput(drop.Container, drop.BlobName, drop.ETag, drop.Key, version, ModelReference.DefaultAlias));
        context.SetCustomStatus(new { step = "done", model = result.Model, version = result.Version, rows = result.Rows });
        return result;
    }
}
