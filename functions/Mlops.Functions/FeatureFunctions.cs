using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using Mlops.AspNetCore;
using Mlops.Functions.Durable;

namespace Mlops.Functions;

/// <summary>Feature store definitions and materialization: the catalog of views, defining a view, starting a materialization run.</summary>
/// <remarks>Each function hands the request to the core dispatcher under its catalog name (<c>FunctionCatalog.Http</c>);
/// materialization also hands over Durable's client, which starts the workflow.</remarks>
public static class FeatureFunctions
{
    [Function(nameof(ListFeatureViews))]
    public static IActionResult ListFeatureViews(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "api/features/views")] HttpRequest request) =>
        new ApiActionResult(nameof(ListFeatureViews));

    [Function(nameof(CreateFeatureView))]
    public static IActionResult CreateFeatureView(
        [HttpTrigger(AuthorizationLevel.Admin, "post", Route = "api/features/views")] HttpRequest request) =>
        new ApiActionResult(nameof(CreateFeatureView));

    [Function(nameof(GetFeatureView))]
    public static IActionResult GetFeatureView(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "api/features/views/{view}")] HttpRequest request) =>
        new ApiActionResult(nameof(GetFeatureView));

    [Function(nameof(DefineFeatureView))]
    public static IActionResult DefineFeatureView(
        [HttpTrigger(AuthorizationLevel.Admin, "put", Route = "api/features/views/{view}")] HttpRequest request) =>
        new ApiActionResult(nameof(DefineFeatureView));

    [Function(nameof(MaterializeFeatureView))]
    public static IActionResult MaterializeFeatureView(
        [HttpTrigger(AuthorizationLevel.Admin, "post", Route = "api/features/views/{view}/materialize")] HttpRequest request,
        [DurableClient] DurableTaskClient client) =>
        DurableWorkflows.Dispatch(request, client, nameof(MaterializeFeatureView));
}
