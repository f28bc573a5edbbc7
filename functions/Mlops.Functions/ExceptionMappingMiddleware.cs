using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Middleware;
using Mlops.AspNetCore;
using Mlops.Core.Api;
using Mlops.Core.Diagnostics;
using Mlops.Core.Hosting;

namespace Mlops.Functions;

/// <summary>
/// The Functions app's one mapping of an <see cref="MlopsException"/> to a response: the category's status code with
/// problem details (the inference protocol's <c>{"error"}</c> body on <c>/v2</c>), exactly what the core dispatcher
/// answers on both hosts. Routes already answer that way from inside the dispatcher; this catches what a function throws
/// before reaching it (a binding, a Durable client call). Non-HTTP triggers rethrow, so the host's retries still apply.
/// </summary>
/// <remarks>It logs nothing itself: a mapped error is a client error (4xx), and the host's request telemetry already
/// records each invocation with its status code.</remarks>
internal sealed class ExceptionMappingMiddleware : IFunctionsWorkerMiddleware
{
    public async Task Invoke(FunctionContext context, FunctionExecutionDelegate next)
    {
        try
        {
            await next(context);
        }
        catch (Exception ex) when (Unwrap(ex) is not null)
        {
            var http = context.GetHttpContext();
            if (http is null || http.Response.HasStarted)
            {
                throw;
            }

            await WriteErrorAsync(http, context.FunctionDefinition.Name, Unwrap(ex)!);
        }
    }

    /// <summary>Answers <paramref name="http"/> with <paramref name="error"/> in the error style of catalog function <paramref name="functionName"/>.</summary>
    internal static Task WriteErrorAsync(HttpContext http, string functionName, MlopsException error)
    {
        var style = FunctionCatalog.Http.FirstOrDefault(f => f.Name == functionName)?.Errors ?? ErrorStyle.ProblemDetails;
        var requestId = RequestIds.FromHeader(http.Request.Headers["x-request-id"]);
        var response = ApiResponse.Error(error, style, requestId).WithHeader("x-request-id", requestId);
        return ApiBridge.WriteAsync(http.Response, response, http.RequestAborted);
    }

    // The worker may hand the exception over wrapped (an AggregateException, a binding failure).
    internal static MlopsException? Unwrap(Exception? exception)
    {
        for (; exception is not null; exception = exception.InnerException)
        {
            if (exception is MlopsException error)
            {
                return error;
            }
        }

        return null;
    }
}
