using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Mlops.AspNetCore;

namespace Mlops.Functions;

/// <summary>The Open Inference Protocol v2 (KServe, Triton, MLServer clients) under <c>/v2</c>.</summary>
/// <remarks>Each function binds the request and hands it to the core dispatcher under its catalog name (<c>FunctionCatalog.Http</c>),
/// exactly as the standalone server does; keys are checked by the Functions host through the authorization level.</remarks>
public static class InferenceProtocolFunctions
{
    [Function(nameof(InferenceServerMetadata))]
    public static IActionResult InferenceServerMetadata(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v2")] HttpRequest request) =>
        new ApiActionResult(nameof(InferenceServerMetadata));

    [Function(nameof(InferenceServerLive))]
    public static IActionResult InferenceServerLive(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v2/health/live")] HttpRequest request) =>
        new ApiActionResult(nameof(InferenceServerLive));

    [Function(nameof(InferenceServerReady))]
    public static IActionResult InferenceServerReady(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v2/health/ready")] HttpRequest request) =>
        new ApiActionResult(nameof(InferenceServerReady));

    [Function(nameof(InferenceModelMetadata))]
    public static IActionResult InferenceModelMetadata(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "v2/models/{name}")] HttpRequest request) =>
        new ApiActionResult(nameof(InferenceModelMetadata));

    [Function(nameof(InferenceModelVersionMetadata))]
    public static IActionResult InferenceModelVersionMetadata(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "v2/models/{name}/versions/{version}")] HttpRequest request) =>
        new ApiActionResult(nameof(InferenceModelVersionMetadata));

    [Function(nameof(InferenceModelReady))]
    public static IActionResult InferenceModelReady(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "v2/models/{name}/ready")] HttpRequest request) =>
        new ApiActionResult(nameof(InferenceModelReady));

    [Function(nameof(InferenceModelVersionReady))]
    public static IActionResult InferenceModelVersionReady(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "v2/models/{name}/versions/{version}/ready")] HttpRequest request) =>
        new ApiActionResult(nameof(InferenceModelVersionReady));

    [Function(nameof(InferenceModelInfer))]
    public static IActionResult InferenceModelInfer(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "v2/models/{name}/infer")] HttpRequest request) =>
        new ApiActionResult(nameof(InferenceModelInfer));

    [Function(nameof(InferenceModelVersionInfer))]
    public static IActionResult InferenceModelVersionInfer(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "v2/models/{name}/versions/{version}/infer")] HttpRequest request) =>
        new ApiActionResult(nameof(InferenceModelVersionInfer));
}
