using Azure.Core;
using Azure.Identity;
using Microsoft.Extensions.Azure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Mlops.Core.Storage;

/// <summary>Registers the Azure Storage clients once, as singletons, from <c>AzureWebJobsStorage</c>.</summary>
public static class StorageServiceCollectionExtensions
{
    /// <summary>The connection setting shared with the Azure Functions host.</summary>
    public const string ConnectionSetting = "AzureWebJobsStorage";

    /// <summary>Adds Blob, Queue and Table service clients and <see cref="StorageNames"/>.</summary>
    public static IHostApplicationBuilder AddStorage(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<StorageOptions>()
            .Bind(builder.Configuration.GetSection(StorageOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddSingleton<StorageNames>();
        builder.Services.AddHostedService<StorageInitializer>();

        var section = builder.Configuration.GetSection(ConnectionSetting);
        var connectionString = section.Value;
        builder.Services.AddAzureClients(clients =>
        {
            if (!string.IsNullOrWhiteSpace(connectionString))
            {
                clients.AddBlobServiceClient(connectionString);
                clients.AddQueueServiceClient(connectionString).ConfigureOptions(o => o.MessageEncoding = Azure.Storage.Queues.QueueMessageEncoding.Base64);
                clients.AddTableServiceClient(connectionString);
                return;
            }

            // Identity-based connection, as Azure Functions spells it (AzureWebJobsStorage__blobServiceUri, ...).
            clients.AddBlobServiceClient(RequiredUri(section, "blobServiceUri"));
            clients.AddQueueServiceClient(RequiredUri(section, "queueServiceUri")).ConfigureOptions(o => o.MessageEncoding = Azure.Storage.Queues.QueueMessageEncoding.Base64);
            clients.AddTableServiceClient(RequiredUri(section, "tableServiceUri"));
            clients.UseCredential(CreateCredential(section));
        });
        return builder;
    }

    private static Uri RequiredUri(IConfigurationSection section, string key) =>
        Uri.TryCreate(section[key], UriKind.Absolute, out var uri)
            ? uri
            : throw new InvalidOperationException(
                $"Storage is not configured: set {ConnectionSetting} to a connection string (UseDevelopmentStorage=true for Azurite) " +
                $"or {ConnectionSetting}__{key} to the account's service URI.");

    private static TokenCredential CreateCredential(IConfigurationSection section)
    {
        var clientId = section["clientId"];
        return string.Equals(section["credential"], "managedidentity", StringComparison.OrdinalIgnoreCase)
            ? new ManagedIdentityCredential(string.IsNullOrEmpty(clientId) ? ManagedIdentityId.SystemAssigned : ManagedIdentityId.FromUserAssignedClientId(clientId))
            : new DefaultAzureCredential(new DefaultAzureCredentialOptions { ManagedIdentityClientId = clientId });
    }

    /// <summary>Declares a table an area needs; it is created at startup.</summary>
    public static IServiceCollection AddStorageTable(this IServiceCollection services, string logicalName) =>
        services.AddSingleton(new StorageResource(StorageResourceKind.Table, logicalName));

    /// <summary>Declares a blob container an area needs; it is created at startup.</summary>
    public static IServiceCollection AddStorageContainer(this IServiceCollection services, string logicalName) =>
        services.AddSingleton(new StorageResource(StorageResourceKind.Container, logicalName));

    /// <summary>Declares a queue an area needs; it is created at startup.</summary>
    public static IServiceCollection AddStorageQueue(this IServiceCollection services, string logicalName) =>
        services.AddSingleton(new StorageResource(StorageResourceKind.Queue, logicalName));
}
