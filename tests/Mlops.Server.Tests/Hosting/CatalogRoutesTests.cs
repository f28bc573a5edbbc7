using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Mlops.Core.Hosting;
using Mlops.Server.Tests.Infrastructure;

namespace Mlops.Server.Tests.Hosting;

/// <summary>The server maps every catalog HTTP function on the route and method the Functions app declares for it.</summary>
public sealed class CatalogRoutesTests(ServerFactory factory) : IClassFixture<ServerFactory>
{
    public static TheoryData<string> HttpFunctionNames => [.. FunctionCatalog.Http.Concat(FunctionCatalog.ServerHttp).Select(f => f.Name)];

    [Theory]
    [MemberData(nameof(HttpFunctionNames))]
    public void Server_CatalogHttpFunction_MappedOnItsRouteAndMethod(string name)
    {
        var function = FunctionCatalog.GetHttp(name);

        var endpoints = RouteEndpoints().Where(e => e.Metadata.GetMetadata<IEndpointNameMetadata>()?.EndpointName == name).ToList();

        var endpoint = Assert.Single(endpoints);
        Assert.Equal("/" + function.Route, endpoint.RoutePattern.RawText);
        var methods = endpoint.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? [];
        Assert.Equal(new[] { function.Method.ToUpperInvariant() }, methods);
    }

    [Fact]
    public void Server_CatalogRoutes_EachRouteAndMethodMappedOnce()
    {
        // Two endpoints on one route and method make routing ambiguous at request time (a 500), not at startup.
        var duplicates = RouteEndpoints()
            .SelectMany(e => (e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? ["*"]).Select(m => $"{m} {e.RoutePattern.RawText}"))
            .GroupBy(key => key, StringComparer.OrdinalIgnoreCase)
            .Where(g => g.Count() > 1)
            .Select(g => g.Key)
            .ToList();

        Assert.Empty(duplicates);
    }

    private IEnumerable<RouteEndpoint> RouteEndpoints() =>
        factory.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>();
}
