using Mlops.Workflows;

namespace Mlops.Core.Pipelines;

/// <summary>Registration of function-style platform workflows (see <see cref="PlatformWorkflow{TInput, TOutput}"/>).</summary>
public static class PlatformWorkflowRegistryExtensions
{
    /// <summary>
    /// Registers a workflow function that publishes <c>PipelineCompleted</c> / <c>PipelineFailed</c> when it finishes
    /// (not when it continues as new). List its name in <c>FunctionCatalog.Workflows</c>.
    /// </summary>
    public static WorkflowRegistry AddPlatformWorkflow<TInput, TOutput>(
        this WorkflowRegistry registry,
        string name,
        Func<IWorkflowContext, TInput, Task<TOutput>> implementation)
    {
        ArgumentNullException.ThrowIfNull(registry);
        ArgumentNullException.ThrowIfNull(implementation);
        return registry.AddWorkflow<TInput, TOutput>(name, (context, input) =>
            PlatformWorkflowEvents.RunAsync(context, tracked => implementation(tracked, input)));
    }
}
