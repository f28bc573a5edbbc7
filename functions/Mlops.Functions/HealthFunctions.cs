using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Mlops.AspNetCore;

namespace Mlops.Functions;

/// <summary>Health probe for load balancers and <c>azd</c> checks.</summary>
/// <remarks>Each function binds the request and hands it to the core dispatcher under its catalog name (<c>FunctionCatalog.Http</c>),
/// exactly as the standalone server does; keys are checked by the Functions host through the authorization level.</remarks>
public static class HealthFunctions
{
    [Function(nameof(Health))]
    public static IActionResult Health(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/health")] HttpRequest request) =>
        new ApiActionResult(nameof(Health));
}
