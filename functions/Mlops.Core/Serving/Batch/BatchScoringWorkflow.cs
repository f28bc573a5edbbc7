using Mlops.Core.Pipelines;
using Mlops.Core.Training.Workflows;
using Mlops.Workflows;

namespace Mlops.Core.Serving.Batch;

/// <summary>
/// <c>BatchScoringWorkflow</c>: one <c>BatchScore</c> activity reads the rows with the training data readers, scores them
/// with the chosen version in ONNX Runtime and writes a CSV to <c>scoring-output/{model}/</c>. The output's name derives
/// from the input, the version and the data's digest, so a re-run overwrites the same blob.
/// </summary>
internal sealed class BatchScoringWorkflow : PlatformWorkflow<BatchScoringInput, BatchScoringResult>
{
    // Workflow code: awaits only tasks of the context.
    protected override async Task<BatchScoringResult> ExecuteAsync(IWorkflowContext context, BatchScoringInput input)
    {
        context.SetCustomStatus(new { step = "score" });
        var result = await context.CallActivityAsync<BatchScoringResult>(PipelineWorkflowNames.BatchScore, input, TrainingWorkflow.Retry);
        context.SetCustomStatus(new { step = "done", result.OutputUri, result.Rows });
        return result;
    }
}
