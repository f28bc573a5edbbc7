namespace Mlops.Workflows;

/// <summary>
/// A class-based activity, registered with <see cref="WorkflowRegistry.AddActivity{TActivity}"/> and created per call in
/// its own dependency-injection scope. Derive from <see cref="WorkflowActivity{TInput, TOutput}"/> rather than implementing this.
/// </summary>
public interface IWorkflowActivity
{
    /// <summary>The type the input is deserialized to.</summary>
    Type InputType { get; }

    /// <summary>The type of the result.</summary>
    Type OutputType { get; }

    /// <summary>Runs the activity with an input of <see cref="InputType"/>.</summary>
    Task<object?> RunAsync(object? input, ActivityContext context, CancellationToken cancellationToken);
}
