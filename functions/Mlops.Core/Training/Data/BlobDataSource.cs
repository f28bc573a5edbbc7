using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Mlops.Core.Diagnostics;

namespace Mlops.Core.Training.Data;

internal sealed class BlobDataSource(BlobClient blob, string location) : DataSource(location, blob.Name.Split('/')[^1])
{
    public override async Task<Stream> OpenReadAsync(CancellationToken cancellationToken = default)
    {
        try
        {
            // Pinned to the version read first: a blob replaced mid-read fails instead of mixing two files.
            return await blob.OpenReadAsync(new BlobOpenReadOptions(allowModifications: false), cancellationToken).ConfigureAwait(false);
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            throw MlopsException.NotFound($"There is no data at '{Location}'; check the container and path.", "location");
        }
    }
}
