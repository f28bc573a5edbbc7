using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Mlops.Core.Diagnostics;
using Mlops.Core.Storage;
using Mlops.Core.Training.Data;

namespace Mlops.Core.Monitoring.Checks;

/// <summary>
/// A reference data set a user uploads for a model (<c>PUT /api/models/{name}/drift/reference</c>), kept at
/// <c>reports/{model}/reference/data</c> with its format in the blob's metadata; checks use it instead of the training
/// profile when the model's policy says <c>"reference": "dataset"</c>.
/// </summary>
internal sealed class ReferenceDatasetStore(BlobServiceClient blobs, StorageNames names)
{
    private const string FormatKey = "format";

    private readonly BlobContainerClient _container = blobs.GetBlobContainerClient(names.Container(MonitoringCheckStore.Container));

    /// <summary>Reads (validating it) and stores the data set; returns its row count.</summary>
    public async Task<TabularDataset> SaveAsync(string model, byte[] content, DataFormat format, CancellationToken cancellationToken = default)
    {
        var data = await ReadAsync(content, format, cancellationToken).ConfigureAwait(false);
        await Blob(model).UploadAsync(BinaryData.FromBytes(content), new BlobUploadOptions
        {
            HttpHeaders = new BlobHttpHeaders { ContentType = DataFormats.ContentType(format) },
            Metadata = new Dictionary<string, string> { [FormatKey] = format.ToString() },
        }, cancellationToken).ConfigureAwait(false);
        return data;
    }

    /// <summary>The model's uploaded reference, or a 404 saying how to upload one.</summary>
    public async Task<TabularDataset> GetAsync(string model, CancellationToken cancellationToken = default)
    {
        try
        {
            var download = await Blob(model).DownloadContentAsync(cancellationToken).ConfigureAwait(false);
            var format = download.Value.Details.Metadata.TryGetValue(FormatKey, out var text) && Enum.TryParse<DataFormat>(text, out var parsed) ? parsed : DataFormat.Csv;
            return await ReadAsync(download.Value.Content.ToArray(), format, cancellationToken).ConfigureAwait(false);
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            throw MlopsException.NotFound(
                $"Model '{model}' has no uploaded reference data set, and its monitoring policy asks for one: PUT a CSV or Parquet file to /api/models/{model}/drift/reference, or set the policy's reference to 'profile'.",
                "reference");
        }
    }

    private static async Task<TabularDataset> ReadAsync(byte[] content, DataFormat format, CancellationToken cancellationToken)
    {
        using var stream = new MemoryStream(content, writable: false);
        return (await DatasetReader.ReadAsync(stream, format, cancellationToken: cancellationToken).ConfigureAwait(false)).Data;
    }

    private BlobClient Blob(string model) => _container.GetBlobClient($"{model}/reference/data");
}
