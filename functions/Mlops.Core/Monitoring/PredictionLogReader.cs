using System.IO.Compression;
using System.Runtime.CompilerServices;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Mlops.Core.Registry;
using Mlops.Core.Storage;

namespace Mlops.Core.Monitoring;

/// <summary>
/// Lists and parses the prediction log of one model over a time window [from, to), using the date and hour
/// partitions so only the blobs of the window are read.
/// </summary>
internal sealed class PredictionLogReader(BlobServiceClient blobs, StorageNames names)
{
    private readonly BlobContainerClient _container = blobs.GetBlobContainerClient(names.Container(PredictionLogFormat.Container));

    /// <summary>Names of the blobs holding the model's records of hours that overlap [from, to).</summary>
    public async IAsyncEnumerable<string> ListBlobsAsync(
        string model,
        DateTimeOffset from,
        DateTimeOffset to,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ModelNames.ValidateModel(model, nameof(model));
        if (to <= from)
        {
            yield break;
        }

        var firstHour = PredictionLogFormat.HourOf(from);
        var end = to.UtcDateTime;
        for (var day = DateOnly.FromDateTime(firstHour); day.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc) < end; day = day.AddDays(1))
        {
            var options = new GetBlobsOptions { Prefix = PredictionLogFormat.DayPrefix(model, day) };
            await foreach (var blob in _container.GetBlobsAsync(options, cancellationToken).ConfigureAwait(false))
            {
                if (PredictionLogFormat.TryParseHour(blob.Name, out var hour) && hour >= firstHour && hour < end)
                {
                    yield return blob.Name;
                }
            }
        }
    }

    /// <summary>The model's records with timestamps in [from, to), blob by blob (no order across blobs is promised).</summary>
    public async IAsyncEnumerable<PredictionRecord> ReadAsync(
        string model,
        DateTimeOffset from,
        DateTimeOffset to,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await foreach (var blobName in ListBlobsAsync(model, from, to, cancellationToken).ConfigureAwait(false))
        {
            foreach (var record in await ReadBlobAsync(blobName, cancellationToken).ConfigureAwait(false))
            {
                if (record.Timestamp >= from && record.Timestamp < to)
                {
                    yield return record;
                }
            }
        }
    }

    /// <summary>Every record of one log blob.</summary>
    public async Task<IReadOnlyList<PredictionRecord>> ReadBlobAsync(string blobName, CancellationToken cancellationToken = default)
    {
        var response = await _container.GetBlobClient(blobName).DownloadContentAsync(cancellationToken).ConfigureAwait(false);
        if (!PredictionLogFormat.IsCompressed(blobName))
        {
            return PredictionLogFormat.ParseLines(response.Value.Content.ToMemory().Span, blobName);
        }

        using var lines = new MemoryStream();
        using (var gzip = new GZipStream(response.Value.Content.ToStream(), CompressionMode.Decompress))
        {
            try
            {
                await gzip.CopyToAsync(lines, cancellationToken).ConfigureAwait(false);
            }
            catch (InvalidDataException e)
            {
                throw new InvalidDataException($"Prediction log {blobName} is not valid gzip: {e.Message}", e);
            }
        }

        return PredictionLogFormat.ParseLines(lines.GetBuffer().AsSpan(0, (int)lines.Length), blobName);
    }
}
