using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace Mlops.AspNetCore;

/// <summary>
/// An <see cref="IActionResult"/> that runs a catalog HTTP function, for Azure Functions with ASP.NET Core
/// integration: <c>return new ApiActionResult(nameof(Predict));</c>.
/// </summary>
public sealed class ApiActionResult(string functionName) : IActionResult
{
    /// <inheritdoc />
    public Task ExecuteResultAsync(ActionContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return ApiBridge.HandleAsync(context.HttpContext, functionName);
    }
}
