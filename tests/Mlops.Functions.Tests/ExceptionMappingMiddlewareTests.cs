using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using Mlops.Core.Diagnostics;
using Moq;

namespace Mlops.Functions.Tests;

public sealed class ExceptionMappingMiddlewareTests
{
    [Fact]
    public async Task WriteErrorAsync_NotFoundOnApiRoute_WritesProblemDetails404()
    {
        var http = new DefaultHttpContext();
        http.Response.Body = new MemoryStream();
        http.Request.Headers["x-request-id"] = "req-1";

        await ExceptionMappingMiddleware.WriteErrorAsync(http, "GetModel", MlopsException.NotFound("Model 'm' does not exist.", "name"));

        Assert.Equal(404, http.Response.StatusCode);
        Assert.StartsWith("application/problem+json", http.Response.ContentType, StringComparison.Ordinal);
        Assert.Equal("req-1", http.Response.Headers["x-request-id"].ToString());
        using var body = JsonDocument.Parse(((MemoryStream)http.Response.Body).ToArray());
        Assert.Equal("name", body.RootElement.GetProperty("field").GetString());
    }

    [Fact]
    public async Task WriteErrorAsync_ValidationOnInferenceRoute_WritesProtocolError400()
    {
        var http = new DefaultHttpContext();
        http.Response.Body = new MemoryStream();

        await ExceptionMappingMiddleware.WriteErrorAsync(http, "InferenceModelInfer", MlopsException.Validation("Input 'x' is missing.", "inputs"));

        Assert.Equal(400, http.Response.StatusCode);
        using var body = JsonDocument.Parse(((MemoryStream)http.Response.Body).ToArray());
        Assert.Equal("Input 'x' is missing.", body.RootElement.GetProperty("error").GetString());
    }

    [Fact]
    public async Task Invoke_NonHttpFunctionThrows_Rethrows()
    {
        var context = new Mock<FunctionContext>();
        context.SetupGet(c => c.Items).Returns(new Dictionary<object, object>());
        var error = MlopsException.Validation("Bad blob.", "name");

        var thrown = await Assert.ThrowsAsync<MlopsException>(() => new ExceptionMappingMiddleware().Invoke(context.Object, _ => throw error));

        Assert.Same(error, thrown);
    }

    [Fact]
    public void Unwrap_WrappedMlopsException_FindsIt()
    {
        var error = MlopsException.Conflict("Exists.", "id");

        Assert.Same(error, ExceptionMappingMiddleware.Unwrap(new AggregateException(new InvalidOperationException("binding", error))));
        Assert.Null(ExceptionMappingMiddleware.Unwrap(new InvalidOperationException("other")));
    }
}
