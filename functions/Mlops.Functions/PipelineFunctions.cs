using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using Mlops.Functions.Durable;

namespace Mlops.Functions;

/// <summary>Workflow management in Durable's shapes: start, status, list, raise event, terminate, purge.</summary>
/// <remarks>Each function hands the request, with Durable's client as its <c>IPipelineClient</c>, to the core dispatcher under
/// its catalog name (<c>FunctionCatalog.Http</c>); the server runs the same handlers on the embedded engine.</remarks>
public static class PipelineFunctions
{
    [Function(nameof(StartPipeline))]
    public static IActionResult StartPipeline(
        [HttpTrigger(AuthorizationLevel.Admin, "post", Route = "api/pipelines/{workflow}")] HttpRequest request,
        [DurableClient] DurableTaskClient client) =>
        DurableWorkflows.Dispatch(request, client, nameof(StartPipeline));

    [Function(nameof(ListPipelines))]
    public static IActionResult ListPipelines(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "api/pipelines")] HttpRequest request,
        [DurableClient] DurableTaskClient client) =>
        DurableWorkflows.Dispatch(request, client, nameof(ListPipelines));

    [Function(nameof(GetPipeline))]
    public static IActionResult GetPipeline(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "api/pipelines/{instanceId}")] HttpRequest request,
        [DurableClient] DurableTaskClient client) =>
        DurableWorkflows.Dispatch(request, client, nameof(GetPipeline));

    [Function(nameof(RaisePipelineEvent))]
    public static IActionResult RaisePipelineEvent(
        [HttpTrigger(AuthorizationLevel.Admin, "post", Route = "api/pipelines/{instanceId}/events/{event}")] HttpRequest request,
        [DurableClient] DurableTaskClient client) =>
        DurableWorkflows.Dispatch(request, client, nameof(RaisePipelineEvent));

    [Function(nameof(TerminatePipeline))]
    public static IActionResult TerminatePipeline(
        [HttpTrigger(AuthorizationLevel.Admin, "post", Route = "api/pipelines/{instanceId}/terminate")] HttpRequest request,
        [DurableClient] DurableTaskClient client) =>
        DurableWorkflows.Dispatch(request, client, nameof(TerminatePipeline));

    [Function(nameof(PurgePipeline))]
    public static IActionResult PurgePipeline(
        [HttpTrigger(AuthorizationLevel.Admin, "delete", Route = "api/pipelines/{instanceId}")] HttpRequest request,
        [DurableClient] DurableTaskClient client) =>
        DurableWorkflows.Dispatch(request, client, nameof(PurgePipeline));
}
