using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Mlops.Core.Diagnostics;
using Mlops.Core.Training.Data;

namespace Mlops.Core.Training.Workflows;

/// <summary>
/// A policy's <c>training.dataWindow</c>: the data files under <c>training-data/{model}/</c> last modified within the
/// window before the run, oldest first, which the intake reads as one data set.
/// </summary>
internal static class DataWindowSelector
{
    public const string Field = "training.dataWindow";

    // asOf is the workflow's time, so a re-run of the step chooses the same files.
    public static async Task<IReadOnlyList<string>> SelectAsync(
        BlobContainerClient container, string model, TimeSpan window, DateTimeOffset asOf, CancellationToken cancellationToken)
    {
        var since = asOf - window;
        var found = new List<BlobItem>();
        await foreach (var blob in container.GetBlobsAsync(BlobTraits.None, BlobStates.None, model + "/", cancellationToken).ConfigureAwait(false))
        {
            if (DataFormats.FromFileName(blob.Name) is not null && blob.Properties.LastModified is { } modified && modified >= since)
            {
                found.Add(blob);
            }
        }

        if (found.Count == 0)
        {
            throw MlopsException.NotFound(
                $"No .csv, .tsv or .parquet file under blob://{DatasetContainers.TrainingData}/{model}/ was modified within {Field} ({window}) before {asOf:u}; " +
                "upload data or widen the window.",
                Field);
        }

        found.Sort((a, b) => IsNewer(a, b) ? 1 : IsNewer(b, a) ? -1 : 0);
        return [.. found.Select(b => $"blob://{DatasetContainers.TrainingData}/{b.Name}")];
    }

    /// <summary>Later last-modified time first, then the later name: the order "newest" means everywhere here.</summary>
    public static bool IsNewer(BlobItem blob, BlobItem than)
    {
        var a = blob.Properties.LastModified ?? DateTimeOffset.MinValue;
        var b = than.Properties.LastModified ?? DateTimeOffset.MinValue;
        return a != b ? a > b : string.CompareOrdinal(blob.Name, than.Name) > 0;
    }
}
