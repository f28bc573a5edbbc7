using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Mlops.AspNetCore;

namespace Mlops.Functions;

/// <summary>A model's training, gate and retraining policy, read by the training and retraining workflows.</summary>
/// <remarks>Each function binds the request and hands it to the core dispatcher under its catalog name (<c>FunctionCatalog.Http</c>),
/// exactly as the standalone server does; keys are checked by the Functions host through the authorization level.</remarks>
public static class TrainingWorkflowFunctions
{
    [Function(nameof(GetModelPolicy))]
    public static IActionResult GetModelPolicy(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "api/models/{name}/policy")] HttpRequest request) =>
        new ApiActionResult(nameof(GetModelPolicy));

    [Function(nameof(PutModelPolicy))]
    public static IActionResult PutModelPolicy(
        [HttpTrigger(AuthorizationLevel.Admin, "put", Route = "api/models/{name}/policy")] HttpRequest request) =>
        new ApiActionResult(nameof(PutModelPolicy));

    [Function(nameof(DeleteModelPolicy))]
    public static IActionResult DeleteModelPolicy(
        [HttpTrigger(AuthorizationLevel.Admin, "delete", Route = "api/models/{name}/policy")] HttpRequest request) =>
        new ApiActionResult(nameof(DeleteModelPolicy));
}
