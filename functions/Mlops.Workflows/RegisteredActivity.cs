using Mlops.Workflows.Engine;

namespace Mlops.Workflows;

/// <summary>
/// A registered activity as another engine sees it (the Durable Functions adapter calls it from an activity function).
/// Found with <see cref="WorkflowRegistry.FindRegisteredActivity"/>.
/// </summary>
public sealed class RegisteredActivity
{
    private readonly ActivityDefinition _definition;

    internal RegisteredActivity(ActivityDefinition definition)
    {
        _definition = definition;
    }

    /// <summary>The registered name.</summary>
    public string Name => _definition.Name;

    /// <summary>The type the input is deserialized to.</summary>
    public Type InputType => _definition.InputType;

    /// <summary>The type of the result.</summary>
    public Type OutputType => _definition.OutputType;

    /// <summary>Runs the activity; <paramref name="input"/> must already be of <see cref="InputType"/> (or null).</summary>
    public Task<object?> RunAsync(object? input, ActivityContext context, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        return _definition.Run(input, context, cancellationToken);
    }
}
