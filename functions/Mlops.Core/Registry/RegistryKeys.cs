using System.Globalization;

namespace Mlops.Core.Registry;

/// <summary>
/// Table layout of the registry: one partition per model (partition key = model name) holding the model row (the
/// version counter), zero-padded version rows, alias rows and the model's audit rows. Keeping them in one partition
/// lets a change and its audit entry commit in one entity-group transaction.
/// </summary>
internal static class RegistryKeys
{
    /// <summary>The registry table's logical name.</summary>
    public const string Table = "ModelRegistry";

    /// <summary>The artifact container's logical name.</summary>
    public const string Container = "models";

    /// <summary>The artifact file extension.</summary>
    public const string ArtifactExtension = ".onnx";

    /// <summary>Row key of the model row (counter, created/updated times).</summary>
    public const string ModelRow = "model";

    public const string VersionPrefix = "version-";
    public const string AliasPrefix = "alias-";
    public const string AuditPrefix = "audit-";

    /// <summary>Row key of version <paramref name="version"/>: <c>version-0000000003</c>, so rows sort by number.</summary>
    public static string VersionRow(int version) => VersionPrefix + version.ToString("D10", CultureInfo.InvariantCulture);

    public static string AliasRow(string alias) => AliasPrefix + alias;

    /// <summary>Audit row keys sort newest first: inverted ticks, then a random suffix so equal ticks never collide.</summary>
    public static string AuditRow(DateTimeOffset timestamp, string uniqueSuffix) =>
        AuditPrefix + (DateTimeOffset.MaxValue.UtcTicks - timestamp.UtcTicks).ToString("D19", CultureInfo.InvariantCulture) + "-" + uniqueSuffix;

    /// <summary>The exclusive upper bound of row keys starting with <paramref name="prefix"/> (its last character + 1).</summary>
    public static string PrefixEnd(string prefix) => prefix[..^1] + (char)(prefix[^1] + 1);
}
