namespace Mlops.Workflows.Engine;

/// <summary>A registered workflow: types for (de)serialization and the function to run.</summary>
internal sealed record WorkflowDefinition(
    string Name,
    Type InputType,
    Type OutputType,
    Func<IServiceProvider, IWorkflowContext, object?, Task<object?>> Run) : IDefinition;
