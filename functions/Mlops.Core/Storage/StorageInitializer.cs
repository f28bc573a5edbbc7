using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Mlops.Core.Diagnostics;

namespace Mlops.Core.Storage;

/// <summary>Creates every registered table, container and queue at startup, so no request path pays for it.</summary>
internal sealed partial class StorageInitializer(
    IEnumerable<StorageResource> resources,
    StorageNames names,
    TableServiceClient tables,
    BlobServiceClient blobs,
    QueueServiceClient queues,
    IOptions<StorageOptions> options,
    ILogger<StorageInitializer> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (!options.Value.CreateIfNotExists)
        {
            return;
        }

        // In parallel: the feature store alone declares 32 online tables, and every host start waits for this.
        await Parallel.ForEachAsync(
            resources.Distinct(),
            new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = cancellationToken },
            async (resource, ct) =>
            {
                switch (resource.Kind)
                {
                    case StorageResourceKind.Table:
                        await tables.CreateTableIfNotExistsAsync(names.Table(resource.LogicalName), ct).ConfigureAwait(false);
                        break;
                    case StorageResourceKind.Container:
                        await blobs.GetBlobContainerClient(names.Container(resource.LogicalName)).CreateIfNotExistsAsync(cancellationToken: ct).ConfigureAwait(false);
                        break;
                    case StorageResourceKind.Queue:
                        await queues.GetQueueClient(names.Container(resource.LogicalName)).CreateIfNotExistsAsync(cancellationToken: ct).ConfigureAwait(false);
                        break;
                }

                LogEnsured(logger, resource.Kind, resource.LogicalName);
            }).ConfigureAwait(false);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(EventId = LogEvents.Storage + 1, Level = LogLevel.Debug, Message = "Ensured {Kind} {Name}")]
    private static partial void LogEnsured(ILogger logger, StorageResourceKind kind, string name);
}
