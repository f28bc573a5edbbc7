namespace Mlops.Workflows;

/// <summary>
/// Base class for a class-based workflow; mirrors durabletask-dotnet's <c>TaskOrchestrator&lt;TInput, TOutput&gt;</c>.
/// The same class can run on the embedded engine and, through an adapter, as a Durable orchestration.
/// </summary>
/// <typeparam name="TInput">The input type (a small record).</typeparam>
/// <typeparam name="TOutput">The output type.</typeparam>
public abstract class Workflow<TInput, TOutput> : IWorkflow
{
    /// <inheritdoc />
    Type IWorkflow.InputType => typeof(TInput);

    /// <inheritdoc />
    Type IWorkflow.OutputType => typeof(TOutput);

    /// <summary>The workflow's logic; deterministic, see <see cref="IWorkflowContext"/>.</summary>
    public abstract Task<TOutput> RunAsync(IWorkflowContext context, TInput input);

    /// <inheritdoc />
    async Task<object?> IWorkflow.RunAsync(IWorkflowContext context, object? input) =>
        await RunAsync(context, input is null ? default! : (TInput)input);
}
