using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Microsoft.Extensions.Logging;
using Mlops.Core.Diagnostics;
using Mlops.Core.Storage;

namespace Mlops.Core.Training.Data;

internal sealed partial class BlobDatasetSnapshotStore(BlobServiceClient blobs, StorageNames names, ILogger<BlobDatasetSnapshotStore> logger)
    : IDatasetSnapshotStore
{
    public async Task<DatasetSnapshot> SaveAsync(string digest, DataFormat format, Stream content, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(content);
        if (digest is not { Length: 64 } || !digest.All(char.IsAsciiHexDigitLower))
        {
            throw new ArgumentException("The digest must be 64 lower-case hex digits (SHA-256).", nameof(digest));
        }

        var blobName = $"{digest}.{DataFormats.Extension(format)}";
        var uri = $"blob://{DatasetContainers.Datasets}/{blobName}";
        var blob = blobs.GetBlobContainerClient(names.Container(DatasetContainers.Datasets)).GetBlobClient(blobName);
        var length = content.CanSeek ? content.Length - content.Position : -1;
        try
        {
            var response = await blob.UploadAsync(
                content,
                new BlobUploadOptions
                {
                    // Write-once: the name is the content, so an existing blob already holds these bytes.
                    Conditions = new BlobRequestConditions { IfNoneMatch = ETag.All },
                    HttpHeaders = new BlobHttpHeaders { ContentType = DataFormats.ContentType(format) },
                    Metadata = new Dictionary<string, string> { ["sha256"] = digest },
                },
                cancellationToken).ConfigureAwait(false);
            if (length < 0)
            {
                length = (await blob.GetPropertiesAsync(cancellationToken: cancellationToken).ConfigureAwait(false)).Value.ContentLength;
            }

            LogCreated(logger, uri, length);
            return new DatasetSnapshot(uri, digest, length, format, response.Value.ETag.ToString(), Created: true);
        }
        catch (RequestFailedException ex) when (ex.Status is 409 or 412)
        {
            var properties = (await blob.GetPropertiesAsync(cancellationToken: cancellationToken).ConfigureAwait(false)).Value;
            LogExisting(logger, uri);
            return new DatasetSnapshot(uri, digest, properties.ContentLength, format, properties.ETag.ToString(), Created: false);
        }
    }

    [LoggerMessage(EventId = LogEvents.Training + 1, Level = LogLevel.Information, Message = "Dataset snapshot {Uri} written ({Length} bytes)")]
    private static partial void LogCreated(ILogger logger, string uri, long length);

    [LoggerMessage(EventId = LogEvents.Training + 2, Level = LogLevel.Debug, Message = "Dataset snapshot {Uri} already exists; reused")]
    private static partial void LogExisting(ILogger logger, string uri);
}
