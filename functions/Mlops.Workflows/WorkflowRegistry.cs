using Microsoft.Extensions.DependencyInjection;
using Mlops.Workflows.Engine;

namespace Mlops.Workflows;

/// <summary>
/// Workflows and activities by name (names compare case-insensitively, as Durable's <c>TaskName</c>); mirrors
/// durabletask-dotnet's <c>DurableTaskRegistry</c>. Fill it with
/// <see cref="WorkflowServiceCollectionExtensions.AddWorkflows"/>; every host of a task hub must register the same set.
/// </summary>
public sealed class WorkflowRegistry
{
    /// <summary>Longest workflow or activity name.</summary>
    public const int MaxNameLength = 128;

    private readonly Dictionary<string, WorkflowDefinition> _workflows = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, ActivityDefinition> _activities = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Registered workflow names.</summary>
    public IReadOnlyCollection<string> WorkflowNames => _workflows.Keys;

    /// <summary>Registered activity names.</summary>
    public IReadOnlyCollection<string> ActivityNames => _activities.Keys;

    /// <summary>Registers a workflow function.</summary>
    public WorkflowRegistry AddWorkflow<TInput, TOutput>(string name, Func<IWorkflowContext, TInput, Task<TOutput>> implementation)
    {
        ArgumentNullException.ThrowIfNull(implementation);
        Add(_workflows, new WorkflowDefinition(
            CheckName(name),
            typeof(TInput),
            typeof(TOutput),
            async (_, context, input) => await implementation(context, input is null ? default! : (TInput)input)));
        return this;
    }

    /// <summary>Registers a class-based workflow, created per execution with its constructor's services injected.</summary>
    /// <param name="name">The name; default: the class name.</param>
    public WorkflowRegistry AddWorkflow<TWorkflow>(string? name = null)
        where TWorkflow : class, IWorkflow
    {
        var factory = ActivatorUtilities.CreateFactory<TWorkflow>([]);
        var (inputType, outputType) = TypeArguments(typeof(TWorkflow), typeof(Workflow<,>));
        Add(_workflows, new WorkflowDefinition(
            CheckName(name ?? typeof(TWorkflow).Name),
            inputType,
            outputType,
            (services, context, input) => factory(services, null).RunAsync(context, input)));
        return this;
    }

    /// <summary>Registers an activity function.</summary>
    public WorkflowRegistry AddActivity<TInput, TOutput>(string name, Func<TInput, ActivityContext, CancellationToken, Task<TOutput>> implementation)
    {
        ArgumentNullException.ThrowIfNull(implementation);
        Add(_activities, new ActivityDefinition(
            CheckName(name),
            typeof(TInput),
            typeof(TOutput),
            async (input, context, cancellationToken) =>
                await implementation(input is null ? default! : (TInput)input, context, cancellationToken).ConfigureAwait(false)));
        return this;
    }

    /// <summary>Registers a class-based activity, created per call in its own scope with its constructor's services injected.</summary>
    /// <param name="name">The name; default: the class name.</param>
    public WorkflowRegistry AddActivity<TActivity>(string? name = null)
        where TActivity : class, IWorkflowActivity
    {
        var factory = ActivatorUtilities.CreateFactory<TActivity>([]);
        var (inputType, outputType) = TypeArguments(typeof(TActivity), typeof(WorkflowActivity<,>));
        Add(_activities, new ActivityDefinition(
            CheckName(name ?? typeof(TActivity).Name),
            inputType,
            outputType,
            (input, context, cancellationToken) => factory(context.Services, null).RunAsync(input, context, cancellationToken)));
        return this;
    }

    /// <summary>True when a workflow of this name is registered.</summary>
    public bool ContainsWorkflow(string name) => _workflows.ContainsKey(name);

    /// <summary>True when an activity of this name is registered.</summary>
    public bool ContainsActivity(string name) => _activities.ContainsKey(name);

    /// <summary>A registered workflow, or null; for engines other than the embedded one (the Durable Functions adapter).</summary>
    public RegisteredWorkflow? FindRegisteredWorkflow(string name) =>
        _workflows.TryGetValue(name, out var definition) ? new RegisteredWorkflow(definition) : null;

    /// <summary>A registered activity, or null; for engines other than the embedded one (the Durable Functions adapter).</summary>
    public RegisteredActivity? FindRegisteredActivity(string name) =>
        _activities.TryGetValue(name, out var definition) ? new RegisteredActivity(definition) : null;

    internal WorkflowDefinition? FindWorkflow(string name) => _workflows.GetValueOrDefault(name);

    internal ActivityDefinition? FindActivity(string name) => _activities.GetValueOrDefault(name);

    internal static string CheckName(string? name, string parameterName = "name")
    {
        if (string.IsNullOrWhiteSpace(name) || name.Length > MaxNameLength || name.Any(char.IsControl) || name.Trim().Length != name.Length)
        {
            throw new ArgumentException(
                $"A workflow or activity name must be 1-{MaxNameLength} characters without control characters or surrounding spaces; got '{name}'.",
                parameterName);
        }

        return name;
    }

    private static (Type Input, Type Output) TypeArguments(Type type, Type genericBase)
    {
        for (var current = type; current is not null; current = current.BaseType)
        {
            if (current.IsGenericType && current.GetGenericTypeDefinition() == genericBase)
            {
                var arguments = current.GetGenericArguments();
                return (arguments[0], arguments[1]);
            }
        }

        throw new ArgumentException($"{type.Name} must derive from {genericBase.Name[..genericBase.Name.IndexOf('`', StringComparison.Ordinal)]}<TInput, TOutput>.", nameof(type));
    }

    private static void Add<T>(Dictionary<string, T> map, T definition)
        where T : IDefinition
    {
        if (!map.TryAdd(definition.Name, definition))
        {
            throw new ArgumentException($"'{definition.Name}' is already registered.", "name");
        }
    }
}
