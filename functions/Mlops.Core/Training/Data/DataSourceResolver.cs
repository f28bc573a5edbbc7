using System.Text.RegularExpressions;
using Azure.Storage.Blobs;
using Microsoft.Extensions.Options;
using Mlops.Core.Diagnostics;
using Mlops.Core.Storage;

namespace Mlops.Core.Training.Data;

internal sealed partial class DataSourceResolver(BlobServiceClient blobs, StorageNames names, IOptions<DataIntakeOptions> options) : IDataSourceResolver
{
    private const string Field = "location";
    private const string BlobScheme = "blob://";

    public DataSource Resolve(string location)
    {
        if (string.IsNullOrWhiteSpace(location))
        {
            throw MlopsException.Validation("A data location is required, e.g. blob://training-data/churn/data.csv.", Field);
        }

        location = location.Trim();
        if (location.StartsWith(BlobScheme, StringComparison.OrdinalIgnoreCase))
        {
            return ResolvePlatformBlob(location);
        }

        if (Uri.TryCreate(location, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp))
        {
            return ResolveBlobUrl(location, uri);
        }

        var isFile = (uri is not null && uri.IsFile) || Path.IsPathRooted(location) || !location.Contains("://", StringComparison.Ordinal);
        if (!isFile)
        {
            throw MlopsException.Validation(
                $"Cannot read data from '{location}'; use blob://{{container}}/{{path}} or an https URL of a blob in the platform's storage account.", Field);
        }

        if (!options.Value.AllowLocalFiles)
        {
            throw MlopsException.Validation(
                $"'{location}' is a local path, and local files are not allowed here; upload the file to blob://{DatasetContainers.TrainingData}/... " +
                $"(or set {DataIntakeOptions.SectionName}:AllowLocalFiles for tests and the command line).",
                Field);
        }

        return new LocalFileDataSource(Path.GetFullPath(uri is { IsFile: true } ? uri.LocalPath : location));
    }

    private BlobDataSource ResolvePlatformBlob(string location)
    {
        var rest = location[BlobScheme.Length..];
        var slash = rest.IndexOf('/', StringComparison.Ordinal);
        var container = slash < 0 ? rest : rest[..slash];
        var path = slash < 0 ? string.Empty : rest[(slash + 1)..];
        if (!ContainerName().IsMatch(container))
        {
            throw MlopsException.Validation(
                $"'{container}' in '{location}' is not a container name (3-63 lower-case letters, digits and single hyphens).", Field);
        }

        if (path.Length == 0 || path.EndsWith('/') || path.Split('/').Any(s => s is "" or "." or ".."))
        {
            throw MlopsException.Validation($"'{location}' does not name a blob; use blob://{container}/{{path to the file}}.", Field);
        }

        var blob = blobs.GetBlobContainerClient(names.Container(container)).GetBlobClient(path);
        return new BlobDataSource(blob, $"{BlobScheme}{container}/{path}");
    }

    private BlobDataSource ResolveBlobUrl(string location, Uri uri)
    {
        var parts = new BlobUriBuilder(uri);
        if (!string.Equals(parts.AccountName, blobs.AccountName, StringComparison.OrdinalIgnoreCase))
        {
            throw MlopsException.Validation(
                $"'{location}' is not in the platform's storage account '{blobs.AccountName}'; copy the file to blob://{DatasetContainers.TrainingData}/... first.",
                Field);
        }

        if (string.IsNullOrEmpty(parts.BlobContainerName) || string.IsNullOrEmpty(parts.BlobName))
        {
            throw MlopsException.Validation($"'{location}' does not name a blob.", Field);
        }

        // The platform reads with its own identity: a SAS in the URL is neither needed nor recorded.
        var blob = blobs.GetBlobContainerClient(parts.BlobContainerName).GetBlobClient(parts.BlobName);
        return new BlobDataSource(blob, blob.Uri.GetLeftPart(UriPartial.Path));
    }

    [GeneratedRegex("^[a-z0-9](?:[a-z0-9]|-(?=[a-z0-9])){2,62}$")]
    private static partial Regex ContainerName();
}
