using Mlops.Workflows.Engine;

namespace Mlops.Workflows;

/// <summary>
/// A registered workflow as another engine sees it: the Durable Functions adapter runs the same code against its own
/// <see cref="IWorkflowContext"/>. Found with <see cref="WorkflowRegistry.FindRegisteredWorkflow"/>.
/// </summary>
public sealed class RegisteredWorkflow
{
    private readonly WorkflowDefinition _definition;

    internal RegisteredWorkflow(WorkflowDefinition definition)
    {
        _definition = definition;
    }

    /// <summary>The registered name.</summary>
    public string Name => _definition.Name;

    /// <summary>The type the input is deserialized to.</summary>
    public Type InputType => _definition.InputType;

    /// <summary>The type of the output.</summary>
    public Type OutputType => _definition.OutputType;

    /// <summary>Runs the workflow; <paramref name="input"/> must already be of <see cref="InputType"/> (or null).</summary>
    /// <param name="services">Services to create a class-based workflow from.</param>
    /// <param name="context">The engine's context.</param>
    /// <param name="input">The deserialized input.</param>
    public Task<object?> RunAsync(IServiceProvider services, IWorkflowContext context, object? input)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(context);
        return _definition.Run(services, context, input);
    }
}
