using System.Globalization;

namespace Mlops.Core.Features;

/// <summary>Where the offline store keeps a view's files: <c>features/{view}/date=yyyy-MM-dd/v{version}-{part}.parquet</c>.</summary>
public static class OfflineFeatureLayout
{
    /// <summary>The container's logical name (resolve it through <c>StorageNames</c>).</summary>
    public const string Container = "features";

    /// <summary>The prefix of all of a view's files.</summary>
    public static string ViewPrefix(string view) => view + "/";

    /// <summary>The prefix of one date partition.</summary>
    public static string PartitionPrefix(string view, DateOnly date) =>
        string.Create(CultureInfo.InvariantCulture, $"{view}/date={date:yyyy-MM-dd}/");

    /// <summary>The blob name of one part of a partition computed by a view version.</summary>
    public static string BlobName(string view, int version, DateOnly date, string part) =>
        string.Create(CultureInfo.InvariantCulture, $"{PartitionPrefix(view, date)}v{version}-{part}.parquet");
}
