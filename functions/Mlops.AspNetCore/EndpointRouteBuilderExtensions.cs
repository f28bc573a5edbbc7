using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Mlops.Core.Hosting;

namespace Mlops.AspNetCore;

/// <summary>Maps every HTTP function of the catalog onto ASP.NET Core routing (the standalone server).</summary>
public static class EndpointRouteBuilderExtensions
{
    /// <summary>Maps the catalog's routes (and the server-only ones) with their methods; each calls the core dispatcher.</summary>
    public static IEndpointRouteBuilder MapMlopsApi(this IEndpointRouteBuilder endpoints)
    {
        foreach (var function in FunctionCatalog.Http.Concat(FunctionCatalog.ServerHttp))
        {
            var name = function.Name;
            endpoints.MapMethods("/" + function.Route, [function.Method.ToUpperInvariant()], (HttpContext context) => ApiBridge.HandleAsync(context, name))
                .WithName(name);
        }

        return endpoints;
    }
}
