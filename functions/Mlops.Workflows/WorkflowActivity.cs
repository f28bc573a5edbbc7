namespace Mlops.Workflows;

/// <summary>
/// Base class for a class-based activity: the unit of I/O in a workflow. Activities run at least once per scheduled
/// call (a crash or lost lease before the result is recorded runs it again), so make their effects idempotent.
/// </summary>
/// <typeparam name="TInput">The input type.</typeparam>
/// <typeparam name="TOutput">The result type.</typeparam>
public abstract class WorkflowActivity<TInput, TOutput> : IWorkflowActivity
{
    /// <inheritdoc />
    Type IWorkflowActivity.InputType => typeof(TInput);

    /// <inheritdoc />
    Type IWorkflowActivity.OutputType => typeof(TOutput);

    /// <summary>The activity's work.</summary>
    public abstract Task<TOutput> RunAsync(TInput input, ActivityContext context, CancellationToken cancellationToken);

    /// <inheritdoc />
    async Task<object?> IWorkflowActivity.RunAsync(object? input, ActivityContext context, CancellationToken cancellationToken) =>
        await RunAsync(input is null ? default! : (TInput)input, context, cancellationToken).ConfigureAwait(false);
}
