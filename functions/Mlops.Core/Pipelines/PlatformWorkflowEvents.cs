using Mlops.Workflows;

namespace Mlops.Core.Pipelines;

/// <summary>
/// Runs a platform workflow's body and publishes its outcome through an activity (so publishing is durable and happens
/// once per finished run on either engine). A failure to publish never changes the workflow's own outcome.
/// </summary>
internal static class PlatformWorkflowEvents
{
    private static readonly WorkflowTaskOptions PublishRetry =
        WorkflowTaskOptions.FromRetryPolicy(new WorkflowRetryPolicy(3, TimeSpan.FromSeconds(5), 2.0));

    // Workflow code: no ConfigureAwait(false), every await is on a task of the context.
    public static async Task<TOutput> RunAsync<TOutput>(IWorkflowContext context, Func<IWorkflowContext, Task<TOutput>> body)
    {
        var tracked = new ContinueAsNewTrackingContext(context);
        TOutput result;
        try
        {
            result = await body(tracked);
        }
        catch (Exception ex) when (ex is not NonDeterministicWorkflowException && !tracked.ContinuedAsNew)
        {
            await PublishAsync(context, PipelineEventRequest.Failed(context, WorkflowFailureDetails.FromException(ex)));
            throw;
        }

        if (!tracked.ContinuedAsNew)
        {
            await PublishAsync(context, PipelineEventRequest.Completed(context, result));
        }

        return result;
    }

    private static async Task PublishAsync(IWorkflowContext context, PipelineEventRequest request)
    {
        try
        {
            await context.CallActivityAsync(PipelineWorkflowNames.PublishPipelineEvent, request, options: PublishRetry);
        }
        catch (WorkflowTaskFailedException)
        {
            // The activity logged why; the run's outcome stands.
        }
    }
}
