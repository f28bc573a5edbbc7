using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Mlops.Core.Api;
using Mlops.Core.Storage;

namespace Mlops.Core.Registry;

/// <summary>Registers the model registry and its HTTP endpoints.</summary>
public static class RegistryServiceCollectionExtensions
{
    /// <summary>Adds the registry (Tables for metadata, Blobs for artifacts) and its routes.</summary>
    public static IHostApplicationBuilder AddRegistry(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        services.AddStorageTable(RegistryKeys.Table);
        services.AddStorageContainer(RegistryKeys.Container);
        services.TryAddSingleton<IModelRegistry, TableModelRegistry>();
        services.AddSingleton<RegistryApi>();

        services.AddApiEndpoint<RegistryApi>("ListModels", (api, request, ct) => api.ListModelsAsync(request, ct));
        services.AddApiEndpoint<RegistryApi>("GetModel", (api, request, ct) => api.GetModelAsync(request, ct));
        services.AddApiEndpoint<RegistryApi>("ListModelVersions", (api, request, ct) => api.ListVersionsAsync(request, ct));
        services.AddApiEndpoint<RegistryApi>("RegisterModelVersion", (api, request, ct) => api.RegisterVersionAsync(request, ct));
        services.AddApiEndpoint<RegistryApi>("GetModelVersion", (api, request, ct) => api.GetVersionAsync(request, ct));
        services.AddApiEndpoint<RegistryApi>("UpdateModelVersion", (api, request, ct) => api.UpdateVersionAsync(request, ct));
        services.AddApiEndpoint<RegistryApi>("GetModelArtifact", (api, request, ct) => api.GetArtifactAsync(request, ct));
        services.AddApiEndpoint<RegistryApi>("GetModelLineage", (api, request, ct) => api.GetLineageAsync(request, ct));
        services.AddApiEndpoint<RegistryApi>("GetModelAlias", (api, request, ct) => api.GetAliasAsync(request, ct));
        services.AddApiEndpoint<RegistryApi>("SetModelAlias", (api, request, ct) => api.SetAliasAsync(request, ct));
        services.AddApiEndpoint<RegistryApi>("DeleteModelAlias", (api, request, ct) => api.DeleteAliasAsync(request, ct));
        services.AddApiEndpoint<RegistryApi>("ListAudit", (api, request, ct) => api.ListAuditAsync(request, ct));
        return builder;
    }
}
