using Microsoft.Extensions.DependencyInjection;

namespace Mlops.Core.Api;

/// <summary>Registration of HTTP endpoint handlers by catalog name.</summary>
public static class ApiServiceCollectionExtensions
{
    /// <summary>Registers the handler of the catalog HTTP function <paramref name="name"/>, a method on service <typeparamref name="TService"/>.</summary>
    public static IServiceCollection AddApiEndpoint<TService>(
        this IServiceCollection services,
        string name,
        Func<TService, ApiRequest, CancellationToken, Task<ApiResponse>> handler)
        where TService : notnull
    {
        services.AddSingleton(new ApiEndpointRegistration(name, sp =>
        {
            var service = sp.GetRequiredService<TService>();
            return (request, cancellationToken) => handler(service, request, cancellationToken);
        }));
        return services;
    }
}
