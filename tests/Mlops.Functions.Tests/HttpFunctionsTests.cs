using System.Reflection;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Abstractions;
using Microsoft.AspNetCore.Routing;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using Mlops.AspNetCore;
using Mlops.Core.Api;
using Mlops.Core.Hosting;
using Mlops.Core.Pipelines;
using Moq;

namespace Mlops.Functions.Tests;

public sealed class HttpFunctionsTests
{
    public static TheoryData<string> HttpFunctionNames => [.. FunctionCatalog.Http.Select(f => f.Name)];

    [Theory]
    [MemberData(nameof(HttpFunctionNames))]
    public async Task HttpFunction_Invoked_DispatchesItsOwnCatalogName(string name)
    {
        var dispatcher = new Mock<IApiDispatcher>();
        dispatcher.Setup(d => d.DispatchAsync(It.IsAny<string>(), It.IsAny<ApiRequest>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync(new ApiResponse { StatusCode = 204 });
        var context = new DefaultHttpContext
        {
            RequestServices = new ServiceCollection().AddSingleton(dispatcher.Object).BuildServiceProvider(),
        };
        var function = FindFunction(name);

        var result = function.Invoke(null, Arguments(function, context));
        await Assert.IsType<ApiActionResult>(result).ExecuteResultAsync(new ActionContext(context, new RouteData(), new ActionDescriptor()));

        dispatcher.Verify(d => d.DispatchAsync(name, It.IsAny<ApiRequest>(), It.IsAny<CancellationToken>()), Times.Once);
        Assert.Equal(204, context.Response.StatusCode);
    }

    [Fact]
    public void PipelineFunction_WithDurableClient_AttachesItAsThePipelineClient()
    {
        var context = new DefaultHttpContext
        {
            RequestServices = new ServiceCollection().AddSingleton(Mock.Of<IApiDispatcher>()).BuildServiceProvider(),
        };

        PipelineFunctions.GetPipeline(context.Request, new Mock<DurableTaskClient>("test").Object);

        Assert.NotNull(context.Features.Get<IPipelineClient>());
    }

    [Fact]
    public void HttpFunctions_AreExactlyTheCatalog()
    {
        var declared = FunctionMethods()
            .Where(m => m.GetParameters().Any(p => p.GetCustomAttribute<HttpTriggerAttribute>() is not null))
            .Select(m => m.GetCustomAttribute<FunctionAttribute>()!.Name)
            .Order(StringComparer.Ordinal);

        Assert.Equal(FunctionCatalog.Http.Select(f => f.Name).Order(StringComparer.Ordinal), declared);
    }

    // The request, and for pipeline routes a Durable client (the functions only pass it on).
    private static object?[] Arguments(MethodInfo function, HttpContext context) =>
        function.GetParameters()
            .Select(p => p.ParameterType == typeof(HttpRequest) ? context.Request
                : p.ParameterType == typeof(DurableTaskClient) ? new Mock<DurableTaskClient>("test").Object
                : (object?)null)
            .ToArray();

    private static MethodInfo FindFunction(string name) =>
        Assert.Single(FunctionMethods(), m => m.GetCustomAttribute<FunctionAttribute>()!.Name == name);

    private static IEnumerable<MethodInfo> FunctionMethods() =>
        typeof(RegistryFunctions).Assembly.GetTypes()
            .SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.Static))
            .Where(m => m.GetCustomAttribute<FunctionAttribute>() is not null);
}
