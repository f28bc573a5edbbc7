using Mlops.Core.Pipelines;
using Mlops.Workflows;

namespace Mlops.Core.Training.Workflows;

/// <summary>
/// <c>RetrainingWorkflow</c>: chooses the data (the input's <c>dataUri</c>, else the newest file under
/// <c>training-data/{model}/</c>) and runs <c>TrainingWorkflow</c> as a sub-workflow (instance <c>{this id}-training</c>)
/// with the reason, details and report, which go into the new version's lineage.
/// </summary>
internal sealed class RetrainingWorkflow : PlatformWorkflow<RetrainingInput, TrainingOutcome>
{
    /// <summary>The training sub-workflow's instance id.</summary>
    public static string TrainingInstanceId(string retrainingInstanceId) => retrainingInstanceId + "-training";

    // Workflow code: deterministic, awaits only tasks of the context.
    protected override async Task<TrainingOutcome> ExecuteAsync(IWorkflowContext context, RetrainingInput input)
    {
        context.SetCustomStatus(new { step = "selectData" });
        var data = await context.CallActivityAsync<string>(
            PipelineWorkflowNames.RetrainingSelectData, new SelectDataStepInput(input.Model, input.DataUri), TrainingWorkflow.Retry);
        var child = TrainingInstanceId(context.InstanceId);
        context.SetCustomStatus(new { step = "training", data, trainingInstanceId = child });
        var outcome = await context.CallSubWorkflowAsync<TrainingOutcome>(
            PipelineWorkflowNames.Training,
            new TrainingInput
            {
                Model = input.Model,
                Data = data,
                Reason = input.Reason,
                Details = input.Details,
                ReportUri = input.ReportUri,
            },
            new SubWorkflowOptions(child));
        context.SetCustomStatus(new { step = "done", trainingInstanceId = child, version = outcome.Version, promoted = outcome.Promoted });
        return outcome;
    }
}
