using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Mlops.Core.Storage;

namespace Mlops.Core.Monitoring;

/// <summary>Writes each flush as a new block blob in the <c>predictions</c> container.</summary>
internal sealed class BlobPredictionLogSink(BlobServiceClient blobs, StorageNames names) : IPredictionLogSink
{
    private readonly BlobContainerClient _container = blobs.GetBlobContainerClient(names.Container(PredictionLogFormat.Container));

    public async Task WriteAsync(string blobName, ReadOnlyMemory<byte> content, CancellationToken cancellationToken)
    {
        try
        {
            await UploadAsync(blobName, content, cancellationToken).ConfigureAwait(false);
        }
        catch (RequestFailedException e) when (e.ErrorCode == BlobErrorCode.ContainerNotFound)
        {
            // Someone deleted the container after startup; the log recreates it rather than holding records forever.
            await _container.CreateIfNotExistsAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
            await UploadAsync(blobName, content, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task UploadAsync(string blobName, ReadOnlyMemory<byte> content, CancellationToken cancellationToken)
    {
        var options = new BlobUploadOptions
        {
            HttpHeaders = new BlobHttpHeaders { ContentType = PredictionLogFormat.ContentType },
            Conditions = new BlobRequestConditions { IfNoneMatch = ETag.All },
        };
        try
        {
            await _container.GetBlobClient(blobName).UploadAsync(new BinaryData(content), options, cancellationToken).ConfigureAwait(false);
        }
        catch (RequestFailedException e) when (e.ErrorCode == BlobErrorCode.BlobAlreadyExists || e.Status == 412)
        {
            // Names are unique to this writer and retries reuse them, so an existing blob is an earlier attempt
            // whose response was lost: the content is already there.
        }
    }
}
