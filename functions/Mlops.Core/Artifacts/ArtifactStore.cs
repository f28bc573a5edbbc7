using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Microsoft.Extensions.Logging;
using Mlops.Core.Diagnostics;
using Mlops.Core.Storage;

namespace Mlops.Core.Artifacts;

/// <summary>
/// Content-addressed blobs: <c>{prefix}/sha256/{hex}{extension}</c> in one container. A blob is written once with
/// <c>If-None-Match: *</c> and never overwritten; writing bytes that are already there is a no-op, because the same
/// name means the same content.
/// </summary>
internal sealed partial class ArtifactStore
{
    private readonly BlobContainerClient _container;
    private readonly ILogger<ArtifactStore> _logger;

    public ArtifactStore(BlobServiceClient blobs, StorageNames names, string containerLogicalName, ILogger<ArtifactStore> logger)
    {
        ArgumentNullException.ThrowIfNull(blobs);
        ArgumentNullException.ThrowIfNull(names);
        _container = blobs.GetBlobContainerClient(names.Container(containerLogicalName));
        _logger = logger;
    }

    /// <summary>The blob name of content with hash <paramref name="sha256"/> under <paramref name="prefix"/>.</summary>
    public static string BlobName(string prefix, string sha256, string extension) => $"{prefix}/sha256/{sha256}{extension}";

    /// <summary>Writes the content unless it is already stored; returns the blob's URI.</summary>
    public async Task<Uri> PutAsync(string prefix, string extension, ArtifactContent content, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(content);
        var blob = _container.GetBlobClient(BlobName(prefix, content.Sha256, extension));
        var options = new BlobUploadOptions
        {
            Conditions = new BlobRequestConditions { IfNoneMatch = ETag.All },
            HttpHeaders = new BlobHttpHeaders { ContentType = "application/octet-stream" },
            Metadata = new Dictionary<string, string> { ["sha256"] = content.Sha256 },
        };
        try
        {
            await blob.UploadAsync(BinaryData.FromBytes(content.Bytes), options, cancellationToken).ConfigureAwait(false);
        }
        catch (RequestFailedException ex) when (ex.Status is 409 or 412)
        {
            // Same name, same SHA-256: the bytes are already there (an earlier upload of the same file).
            LogAlreadyStored(_logger, blob.Name);
        }

        return blob.Uri;
    }

    /// <summary>Opens stored content for reading, or a 404 when it is missing.</summary>
    public async Task<Stream> OpenReadAsync(string prefix, string sha256, string extension, CancellationToken cancellationToken = default)
    {
        var blob = _container.GetBlobClient(BlobName(prefix, sha256, extension));
        try
        {
            return await blob.OpenReadAsync(new BlobOpenReadOptions(allowModifications: false), cancellationToken).ConfigureAwait(false);
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            throw MlopsException.NotFound($"The artifact '{blob.Name}' is missing from storage.", "artifact");
        }
    }

    [LoggerMessage(EventId = LogEvents.Registry + 10, Level = LogLevel.Debug, Message = "Artifact {Blob} was already stored; kept the existing blob")]
    private static partial void LogAlreadyStored(ILogger logger, string blob);
}
