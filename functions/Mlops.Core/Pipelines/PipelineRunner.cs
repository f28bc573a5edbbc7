using System.Text.Json;
using Mlops.Core.Api;
using Mlops.Workflows;

namespace Mlops.Core.Pipelines;

/// <summary>
/// Runs registered workflows and activities by name for an engine other than the embedded one: the Functions app's
/// orchestrator and activity functions call it with Durable's payloads as <see cref="JsonElement"/>. Payloads are read
/// with <see cref="MlopsJson.Options"/> (case-insensitive), whatever converter wrote them.
/// </summary>
public sealed class PipelineRunner(WorkflowRegistry registry)
{
    /// <summary>Runs the workflow named <see cref="IWorkflowContext.Name"/> with its raw input; returns its output as a payload.</summary>
    /// <param name="context">The engine's context, adapted to <see cref="IWorkflowContext"/>.</param>
    /// <param name="input">The raw input (undefined or null for none).</param>
    /// <param name="services">Services to create class-based workflows from.</param>
    public async Task<JsonElement?> RunWorkflowAsync(IWorkflowContext context, JsonElement input, IServiceProvider services)
    {
        ArgumentNullException.ThrowIfNull(context);
        var workflow = registry.FindRegisteredWorkflow(context.Name)
            ?? throw new InvalidOperationException($"No workflow named '{context.Name}' is registered in Mlops.Core; register it in AddPipelines.");

        // Orchestrator code: no ConfigureAwait(false), the engine's synchronization context must resume it.
        return ToPayload(await workflow.RunAsync(services, context, Read(input, workflow.InputType)));
    }

    /// <summary>Runs the activity <paramref name="name"/> with its raw input.</summary>
    /// <param name="name">The activity name.</param>
    /// <param name="input">The raw input (undefined or null for none).</param>
    /// <param name="instanceId">The calling workflow instance.</param>
    /// <param name="services">The invocation's services (a scope).</param>
    /// <param name="cancellationToken">Cancels the activity.</param>
    public async Task<JsonElement?> RunActivityAsync(string name, JsonElement input, string instanceId, IServiceProvider services, CancellationToken cancellationToken = default)
    {
        var activity = registry.FindRegisteredActivity(name)
            ?? throw new InvalidOperationException($"No activity named '{name}' is registered in Mlops.Core; register it in AddPipelines.");

        // Durable does not tell an activity its task id; -1 says so (instance id + name still identify the call's run).
        var context = new ActivityContext(activity.Name, instanceId, -1, services);
        return ToPayload(await activity.RunAsync(Read(input, activity.InputType), context, cancellationToken).ConfigureAwait(false));
    }

    /// <summary>
    /// A value as a payload for another engine: JSON written with <see cref="MlopsJson.Options"/>, which Durable's converter
    /// then stores as is, so inputs, outputs and custom status read the same on both engines.
    /// </summary>
    public static JsonElement? ToPayload(object? value) => value switch
    {
        null => null,
        JsonElement element => element,
        _ => JsonSerializer.SerializeToElement(value, value.GetType(), MlopsJson.Options),
    };

    /// <summary>Reads a raw payload as <typeparamref name="T"/> (default for undefined or null).</summary>
    public static T? Read<T>(JsonElement payload) =>
        payload.ValueKind is JsonValueKind.Undefined ? default : payload.Deserialize<T>(MlopsJson.Options);

    private static object? Read(JsonElement payload, Type type) =>
        payload.ValueKind is JsonValueKind.Undefined or JsonValueKind.Null ? null : payload.Deserialize(type, MlopsJson.Options);
}
