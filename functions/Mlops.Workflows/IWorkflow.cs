namespace Mlops.Workflows;

/// <summary>
/// A class-based workflow, registered with <see cref="WorkflowRegistry.AddWorkflow{TWorkflow}"/> and created per
/// execution from dependency injection. Derive from <see cref="Workflow{TInput, TOutput}"/> rather than implementing this.
/// </summary>
public interface IWorkflow
{
    /// <summary>The type the input is deserialized to.</summary>
    Type InputType { get; }

    /// <summary>The type of the output.</summary>
    Type OutputType { get; }

    /// <summary>Runs the workflow with an input of <see cref="InputType"/>.</summary>
    Task<object?> RunAsync(IWorkflowContext context, object? input);
}
