using System.Text;
using Azure.Storage.Blobs;
using Microsoft.Extensions.Options;
using Mlops.Core.Monitoring;
using Mlops.Core.Storage;
using Mlops.Core.Tests.Infrastructure;

namespace Mlops.Core.Tests.Monitoring;

/// <summary>Records to log, and the log read back with fresh clients (so it works after the host is gone).</summary>
public static class PredictionLogTestData
{
    public static readonly DateTimeOffset Start = new(2024, 3, 1, 10, 0, 0, TimeSpan.Zero);

    public static PredictionRecord Record(string requestId, string model = "iris", DateTimeOffset? timestamp = null, string? alias = "champion") =>
        new(
            requestId,
            timestamp ?? Start,
            model,
            3,
            alias,
            2,
            Encoding.UTF8.GetBytes($$"""[{"sepal":5.1,"id":"{{requestId}}"},{"sepal":4.9,"id":"{{requestId}}"}]"""),
            Encoding.UTF8.GetBytes("""[0,2]"""),
            1.25);

    public static async Task<List<PredictionRecord>> ReadAsync(string prefix, string model, DateTimeOffset from, DateTimeOffset to)
    {
        var records = new List<PredictionRecord>();
        await foreach (var record in Reader(prefix).ReadAsync(model, from, to))
        {
            records.Add(record);
        }

        return records;
    }

    /// <summary>Every record of the model within a day of <see cref="Start"/>.</summary>
    public static Task<List<PredictionRecord>> ReadAllAsync(string prefix, string model = "iris") =>
        ReadAsync(prefix, model, Start.AddDays(-1), Start.AddDays(1));

    /// <summary>Every blob in the prefixed predictions container, by name.</summary>
    public static async Task<List<string>> ListBlobNamesAsync(string prefix)
    {
        var names = new List<string>();
        await foreach (var blob in Container(prefix).GetBlobsAsync())
        {
            names.Add(blob.Name);
        }

        return names;
    }

    internal static PredictionLogReader Reader(string prefix) =>
        new(new BlobServiceClient(TestStorage.ConnectionString), Names(prefix));

    internal static BlobContainerClient Container(string prefix) =>
        new BlobServiceClient(TestStorage.ConnectionString).GetBlobContainerClient(Names(prefix).Container(PredictionLogFormat.Container));

    private static StorageNames Names(string prefix) => new(Options.Create(new StorageOptions { Prefix = prefix }));
}
