namespace Mlops.Core.Features;

/// <summary>Logical names of the feature store's tables and containers (resolved through <c>StorageNames</c>).</summary>
internal static class FeatureStoreNames
{
    /// <summary>View definitions (a partition per view: a row per version, the latest row, the materialization state).</summary>
    public const string ViewsTable = "FeatureViews";

    /// <summary>Latest feature values per entity: the prefix of the tables <c>FeaturesOnline00</c>…<c>31</c>, one per key bucket.</summary>
    public const string OnlineTable = "FeaturesOnline";

    /// <summary>Event-time ranges of source blobs, so a chunk reads only the blobs that can hold its rows.</summary>
    public const string SourceIndexTable = "FeatureSourceIndex";

    public const string LatestRow = "latest";
    public const string StateRow = "state";
    public const string VersionPrefix = "v";

    public static string VersionRow(int version) => VersionPrefix + version.ToString("D9", System.Globalization.CultureInfo.InvariantCulture);
}
