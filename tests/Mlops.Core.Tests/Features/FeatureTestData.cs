using System.Globalization;
using System.Text;
using Azure.Storage.Blobs;
using Microsoft.Extensions.DependencyInjection;
using Mlops.Core.Features;
using Mlops.Core.Storage;

namespace Mlops.Core.Tests.Features;

/// <summary>Feature view definitions and source files for the feature store tests.</summary>
internal static class FeatureTestData
{
    public static readonly DateTimeOffset Day0 = new(2025, 3, 1, 0, 0, 0, TimeSpan.Zero);

    public static string NewViewName() => "v" + Guid.NewGuid().ToString("N")[..12];

    /// <summary>Drivers with trips and fares: passthrough, derived and windowed features.</summary>
    public static FeatureViewDefinition Drivers(string name, string ttl = "30d") => new(
        name,
        ["driver_id"],
        "event_time",
        new FeatureSourceDefinition(Format: FeatureSourceFormat.Csv),
        [
            new FeatureDefinition("trips", Column: "trips"),
            new FeatureDefinition("fare", Column: "fare"),
            new FeatureDefinition("fare_per_trip", Expression: "ratio(fare, trips)"),
            new FeatureDefinition("log_fare", Expression: "log(fare)"),
            new FeatureDefinition("trips_1h", Column: "trips", Aggregation: FeatureAggregation.Sum, Window: "1h"),
            new FeatureDefinition("events_1d", Aggregation: FeatureAggregation.Count, Window: "1d"),
            new FeatureDefinition("max_fare_1d", Column: "fare", Aggregation: FeatureAggregation.Max, Window: "1d"),
            new FeatureDefinition("city", Column: "city", Type: FeatureValueType.Text),
        ],
        ttl,
        Owner: "team-rides",
        Tags: new Dictionary<string, string> { ["domain"] = "rides" });

    /// <summary>A CSV of the drivers view's source columns.</summary>
    public static string DriversCsv(IEnumerable<(string Driver, DateTimeOffset Time, int Trips, double Fare, string City)> rows)
    {
        var text = new StringBuilder("driver_id,event_time,trips,fare,city\n");
        foreach (var (driver, time, trips, fare, city) in rows)
        {
            text.Append(CultureInfo.InvariantCulture, $"\"{driver.Replace("\"", "\"\"", StringComparison.Ordinal)}\",{time:yyyy-MM-ddTHH:mm:ssZ},{trips},{fare},{city}\n");
        }

        return text.ToString();
    }

    public static async Task UploadSourceAsync(IServiceProvider services, string blobName, string content)
    {
        var container = services.GetRequiredService<BlobServiceClient>()
            .GetBlobContainerClient(services.GetRequiredService<StorageNames>().Container("feature-sources"));
        await container.CreateIfNotExistsAsync();
        await container.GetBlobClient(blobName).UploadAsync(BinaryData.FromString(content), overwrite: true);
    }
}
