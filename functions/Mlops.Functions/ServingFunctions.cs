using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Mlops.AspNetCore;

namespace Mlops.Functions;

/// <summary>Predictions with the model version an alias (default <c>champion</c>) or <c>?version=</c> names.</summary>
/// <remarks>Each function binds the request and hands it to the core dispatcher under its catalog name (<c>FunctionCatalog.Http</c>),
/// exactly as the standalone server does; keys are checked by the Functions host through the authorization level.</remarks>
public static class ServingFunctions
{
    [Function(nameof(Predict))]
    public static IActionResult Predict(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "api/models/{name}/predict")] HttpRequest request) =>
        new ApiActionResult(nameof(Predict));

    [Function(nameof(ListPredictions))]
    public static IActionResult ListPredictions(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "api/models/{name}/predictions")] HttpRequest request) =>
        new ApiActionResult(nameof(ListPredictions));
}
