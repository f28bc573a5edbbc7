using Microsoft.Extensions.DependencyInjection;
using Mlops.Core.Diagnostics;
using Mlops.Core.Pipelines;
using Mlops.Workflows;

namespace Mlops.Core.Features;

/// <summary>
/// The materialization workflow (<c>FeatureMaterializationWorkflow</c>): plan the chunks in an activity, then run them
/// one after another, each an activity, with progress in the custom status. Started by a blob drop in
/// <c>feature-sources/{view}/…</c>, by the schedule (every view, incremental) and by
/// <c>POST /api/features/views/{view}/materialize</c>.
/// </summary>
internal static class FeatureMaterializationWorkflow
{
    public const string PlanActivity = "PlanFeatureMaterialization";
    public const string ChunkActivity = "MaterializeFeatureChunk";

    // Storage hiccups are retried; a bad source or definition (MlopsException) fails at once, it would fail again.
    private static readonly WorkflowTaskOptions ChunkRetry = WorkflowTaskOptions.FromRetryPolicy(
        new WorkflowRetryPolicy(3, TimeSpan.FromSeconds(5), 2.0) { HandleFailure = f => !f.IsCausedBy<MlopsException>() });

    public static void Register(WorkflowRegistry registry) => registry
        .AddActivity<FeatureMaterializationInput, FeatureMaterializationPlan>(PlanActivity, (input, context, ct) =>
            context.Services.GetRequiredService<FeatureMaterializer>().PlanAsync(input, ct))
        .AddActivity<FeatureChunk, FeatureChunkResult>(ChunkActivity, (chunk, context, ct) =>
            context.Services.GetRequiredService<FeatureMaterializer>().MaterializeChunkAsync(chunk, ct))
        .AddPlatformWorkflow<FeatureMaterializationInput, FeatureMaterializationResult>(PipelineWorkflowNames.FeatureMaterialization, RunAsync);

    private static async Task<FeatureMaterializationResult> RunAsync(IWorkflowContext context, FeatureMaterializationInput input)
    {
        context.SetCustomStatus(new { step = "planning", view = input.View });
        var plan = await context.CallActivityAsync<FeatureMaterializationPlan>(PlanActivity, input ?? new FeatureMaterializationInput());
        var views = new List<FeatureViewMaterialization>();
        long rows = 0;
        for (var i = 0; i < plan.Chunks.Count; i++)
        {
            var chunk = plan.Chunks[i];
            context.SetCustomStatus(new { step = "materializing", view = chunk.View, chunk = i + 1, chunks = plan.Chunks.Count, from = chunk.From, to = chunk.To, rows });
            var result = await context.CallActivityAsync<FeatureChunkResult>(ChunkActivity, chunk, ChunkRetry);
            rows += result.Rows;
            var last = views.Count > 0 && views[^1].View == chunk.View ? views[^1] : null;
            var summary = last is null
                ? new FeatureViewMaterialization(chunk.View, chunk.Version, chunk.From, chunk.To, 1, result.SourceRows, result.Rows, result.Entities)
                : last with
                {
                    To = chunk.To,
                    Chunks = last.Chunks + 1,
                    SourceRows = last.SourceRows + result.SourceRows,
                    Rows = last.Rows + result.Rows,
                    Entities = last.Entities + result.Entities,
                };
            if (last is null)
            {
                views.Add(summary);
            }
            else
            {
                views[^1] = summary;
            }
        }

        context.SetCustomStatus(new { step = "done", chunks = plan.Chunks.Count, rows });
        return new FeatureMaterializationResult(views);
    }
}
