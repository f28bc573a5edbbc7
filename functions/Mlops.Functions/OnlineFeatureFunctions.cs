using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Mlops.AspNetCore;

namespace Mlops.Functions;

/// <summary>Online feature reads in Feast's request and response shape.</summary>
/// <remarks>Each function binds the request and hands it to the core dispatcher under its catalog name (<c>FunctionCatalog.Http</c>),
/// exactly as the standalone server does; keys are checked by the Functions host through the authorization level.</remarks>
public static class OnlineFeatureFunctions
{
    [Function(nameof(GetOnlineFeatures))]
    public static IActionResult GetOnlineFeatures(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "api/features/online")] HttpRequest request) =>
        new ApiActionResult(nameof(GetOnlineFeatures));
}
