using System.Text.Json;
using Microsoft.Azure.Functions.Worker;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using Mlops.AspNetCore;
using Mlops.Core.Pipelines;

namespace Mlops.Functions.Durable;

/// <summary>
/// What every orchestrator, activity and Durable-client HTTP function does, in one place: the functions stay one line, and
/// each catalog workflow or activity name maps to the Mlops.Core registration of the same name.
/// </summary>
internal static class DurableWorkflows
{
    /// <summary>Runs the catalog workflow this orchestration is named after.</summary>
    public static Task<JsonElement?> RunAsync(TaskOrchestrationContext context, FunctionContext function)
    {
        var input = context.GetInput<JsonElement>();
        return function.InstanceServices.GetRequiredService<PipelineRunner>()
            .RunWorkflowAsync(new DurableWorkflowContext(context, input), input, function.InstanceServices);
    }

    /// <summary>Runs the catalog activity <paramref name="name"/>.</summary>
    public static Task<JsonElement?> RunActivityAsync(string name, JsonElement input, FunctionContext function)
    {
        var instanceId = function.BindingContext.BindingData.TryGetValue("instanceId", out var id) && id is not null ? id.ToString() : null;
        return function.InstanceServices.GetRequiredService<PipelineRunner>()
            .RunActivityAsync(name, input, instanceId ?? "unknown", function.InstanceServices, function.CancellationToken);
    }

    /// <summary>
    /// Runs an activity that may start workflows: Durable's client goes into the invocation's <see cref="PipelineClientScope"/>,
    /// since the Functions app's container has no engine client of its own.
    /// </summary>
    public static Task<JsonElement?> RunActivityAsync(string name, JsonElement input, FunctionContext function, DurableTaskClient client)
    {
        function.InstanceServices.GetRequiredService<PipelineClientScope>().Client = Client(client);
        return RunActivityAsync(name, input, function);
    }

    /// <summary>Dispatches a pipeline route with Durable's client as the request's <see cref="IPipelineClient"/>.</summary>
    public static IActionResult Dispatch(HttpRequest request, DurableTaskClient client, string functionName)
    {
        request.HttpContext.Features.Set<IPipelineClient>(new DurableTaskPipelineClient(client));
        return new ApiActionResult(functionName);
    }

    /// <summary>Durable's client as the platform's, for triggers that start workflows.</summary>
    public static IPipelineClient Client(DurableTaskClient client) => new DurableTaskPipelineClient(client);
}
