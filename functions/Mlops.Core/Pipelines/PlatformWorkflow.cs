using Mlops.Workflows;

namespace Mlops.Core.Pipelines;

/// <summary>
/// Base class for a class-based platform workflow: runs <see cref="ExecuteAsync"/> and then publishes
/// <c>PipelineCompleted</c> or <c>PipelineFailed</c> through the <c>PublishPipelineEvent</c> activity, so it behaves the
/// same on the embedded engine and on Durable Functions. Register it with
/// <see cref="WorkflowRegistry.AddWorkflow{TWorkflow}"/> and list its name in <c>FunctionCatalog.Workflows</c>.
/// </summary>
/// <typeparam name="TInput">The input (a small record; validated at start).</typeparam>
/// <typeparam name="TOutput">The output.</typeparam>
public abstract class PlatformWorkflow<TInput, TOutput> : Workflow<TInput, TOutput>
{
    /// <inheritdoc />
    public sealed override Task<TOutput> RunAsync(IWorkflowContext context, TInput input) =>
        PlatformWorkflowEvents.RunAsync(context, tracked => ExecuteAsync(tracked, input));

    /// <summary>The workflow's logic; deterministic, see <see cref="IWorkflowContext"/>.</summary>
    protected abstract Task<TOutput> ExecuteAsync(IWorkflowContext context, TInput input);
}
