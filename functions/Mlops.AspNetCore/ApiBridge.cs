using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Mlops.Core.Api;

namespace Mlops.AspNetCore;

/// <summary>Runs a catalog HTTP function for an ASP.NET Core request and writes the result; used by both hosts.</summary>
public static class ApiBridge
{
    /// <summary>Dispatches <paramref name="context"/> to the catalog function <paramref name="functionName"/> and writes the response.</summary>
    public static async Task HandleAsync(HttpContext context, string functionName)
    {
        ArgumentNullException.ThrowIfNull(context);
        var dispatcher = context.RequestServices.GetRequiredService<IApiDispatcher>();
        var response = await dispatcher.DispatchAsync(functionName, new HttpContextApiRequest(context), context.RequestAborted).ConfigureAwait(false);
        await WriteAsync(context.Response, response, context.RequestAborted).ConfigureAwait(false);
    }

    /// <summary>Writes an <see cref="ApiResponse"/> to ASP.NET Core's response.</summary>
    public static async Task WriteAsync(HttpResponse target, ApiResponse response, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(response);
        if (response.StatusCode == 499 || target.HasStarted)
        {
            return;
        }

        target.StatusCode = response.StatusCode;
        foreach (var (name, value) in response.Headers)
        {
            target.Headers.Append(name, value);
        }

        if (response.ContentType is not null)
        {
            target.ContentType = response.ContentType;
        }

        if (response.BodyWriter is not null)
        {
            await response.BodyWriter(target.Body, cancellationToken).ConfigureAwait(false);
        }
        else if (!response.Body.IsEmpty)
        {
            target.ContentLength = response.Body.Length;
            await target.Body.WriteAsync(response.Body, cancellationToken).ConfigureAwait(false);
        }
    }
}
