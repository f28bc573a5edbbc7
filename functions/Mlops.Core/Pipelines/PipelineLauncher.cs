using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Mlops.Core.Diagnostics;
using Mlops.Workflows;

namespace Mlops.Core.Pipelines;

/// <summary>
/// Starts platform workflows for every entry point (HTTP, blob drops, schedules): resolves the workflow and the engine's
/// client, validates the input against the workflow's input type, and treats an existing instance id as "already started".
/// </summary>
internal sealed class PipelineLauncher(WorkflowRegistry registry, IServiceProvider services, ILogger<PipelineLauncher> logger)
{
    public RegisteredWorkflow? FindWorkflow(string name) => registry.FindRegisteredWorkflow(name);

    public RegisteredWorkflow GetWorkflow(string name) =>
        FindWorkflow(name) ?? throw MlopsException.NotFound(
            $"No workflow named '{name}' is registered; known: {string.Join(", ", registry.WorkflowNames.Order(StringComparer.Ordinal))}.",
            "workflow");

    /// <summary>Reads a workflow's input from JSON and checks it (see <see cref="PipelineInputs"/>): a 400 naming the field otherwise.</summary>
    public object? ReadInput(RegisteredWorkflow workflow, ReadOnlySpan<byte> utf8Json) => PipelineInputs.Deserialize(workflow, utf8Json, services);

    /// <summary>Checks an input built in code (a blob trigger's or a schedule's).</summary>
    public object? ValidateInput(RegisteredWorkflow workflow, object? input) => PipelineInputs.Validate(workflow, input, services);

    /// <summary>The client handed in by the host for this call, else the one registered (the embedded engine's).</summary>
    public IPipelineClient ResolveClient(IPipelineClient? given) =>
        given ?? services.GetService<IPipelineClient>() ?? throw MlopsException.Unavailable(
            "This host runs no workflow engine (Workflows:Engine=None) and the request brought no workflow client; " +
            "set Workflows:Engine to Embedded or Client.");

    /// <summary>Starts an instance; returns false (and starts nothing) when the id already exists.</summary>
    public async Task<bool> TryStartAsync(
        IPipelineClient client,
        RegisteredWorkflow workflow,
        object? input,
        string instanceId,
        CancellationToken cancellationToken)
    {
        try
        {
            await client.StartAsync(workflow.Name, input, instanceId, cancellationToken).ConfigureAwait(false);
            PipelineLog.Started(logger, workflow.Name, instanceId);
            return true;
        }
        catch (WorkflowInstanceExistsException ex)
        {
            PipelineLog.AlreadyStarted(logger, workflow.Name, instanceId, ex.Status);
            return false;
        }
        catch (Exception ex) when (PipelineErrors.Translate(ex) is { } mapped)
        {
            throw mapped;
        }
    }

    /// <summary>Starts an instance for an HTTP caller: an existing id is a 409.</summary>
    public async Task<string> StartAsync(
        IPipelineClient client,
        RegisteredWorkflow workflow,
        object? input,
        string? instanceId,
        CancellationToken cancellationToken)
    {
        try
        {
            var id = await client.StartAsync(workflow.Name, input, instanceId, cancellationToken).ConfigureAwait(false);
            PipelineLog.Started(logger, workflow.Name, id);
            return id;
        }
        catch (Exception ex) when (PipelineErrors.Translate(ex) is { } mapped)
        {
            throw mapped;
        }
    }
}
