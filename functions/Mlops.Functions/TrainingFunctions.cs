using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Mlops.AspNetCore;

namespace Mlops.Functions;

/// <summary>Training and experiment tracking: synchronous training on small data, experiments, runs and their comparison, and a version's training profile.</summary>
/// <remarks>Each function binds the request and hands it to the core dispatcher under its catalog name (<c>FunctionCatalog.Http</c>),
/// exactly as the standalone server does; keys are checked by the Functions host through the authorization level.</remarks>
public static class TrainingFunctions
{
    [Function(nameof(Train))]
    public static IActionResult Train(
        [HttpTrigger(AuthorizationLevel.Admin, "post", Route = "api/train")] HttpRequest request) =>
        new ApiActionResult(nameof(Train));

    [Function(nameof(GetModelProfile))]
    public static IActionResult GetModelProfile(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "api/models/{name}/versions/{version}/profile")] HttpRequest request) =>
        new ApiActionResult(nameof(GetModelProfile));

    [Function(nameof(ListExperiments))]
    public static IActionResult ListExperiments(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "api/experiments")] HttpRequest request) =>
        new ApiActionResult(nameof(ListExperiments));

    [Function(nameof(ListExperimentRuns))]
    public static IActionResult ListExperimentRuns(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "api/experiments/{name}/runs")] HttpRequest request) =>
        new ApiActionResult(nameof(ListExperimentRuns));

    [Function(nameof(GetExperimentRun))]
    public static IActionResult GetExperimentRun(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "api/experiments/{name}/runs/{runId}")] HttpRequest request) =>
        new ApiActionResult(nameof(GetExperimentRun));

    [Function(nameof(CompareExperimentRuns))]
    public static IActionResult CompareExperimentRuns(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "api/experiments/{name}/compare")] HttpRequest request) =>
        new ApiActionResult(nameof(CompareExperimentRuns));
}
