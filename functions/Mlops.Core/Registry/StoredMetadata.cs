using System.Text.Json;
using Mlops.Core.Api;
using Mlops.Core.Diagnostics;

namespace Mlops.Core.Registry;

/// <summary>
/// A new version's metadata checked and serialized as the registry stores it: free text and JSON strings, each within
/// the Table service's 64 KiB limit per string property. Every backend validates through here, so the in-memory
/// registry rejects exactly what Azure Tables would.
/// </summary>
internal sealed record StoredMetadata(
    string? Description,
    string Tags,
    string Metrics,
    string Parameters,
    string Lineage,
    string? ProfileUri = null,
    string? ProfileSha256 = null)
{
    /// <summary>The Table service's limit for one string property: 64 KiB of UTF-16, i.e. 32,768 characters.</summary>
    public const int MaxStringChars = 32 * 1024;

    public static StoredMetadata From(NewModelVersion? metadata)
    {
        metadata ??= new NewModelVersion();
        CheckDescription(metadata.Description, "metadata.description");
        var tags = SerializeTags(metadata.Tags, "metadata.tags");
        CheckValues(metadata.Parameters, "metadata.parameters");
        foreach (var (key, value) in metadata.Metrics ?? new Dictionary<string, double>())
        {
            CheckKey(key, "metadata.metrics");
            if (!double.IsFinite(value))
            {
                throw MlopsException.Validation($"Metric '{key}' must be a finite number; got {value}.", $"metadata.metrics.{key}");
            }
        }

        CheckProfile(metadata.ProfileUri, metadata.ProfileSha256);
        return new StoredMetadata(
            metadata.Description,
            tags,
            Serialize("metadata.metrics", metadata.Metrics ?? new Dictionary<string, double>()),
            Serialize("metadata.parameters", metadata.Parameters ?? new Dictionary<string, string>()),
            Serialize("metadata.lineage", metadata.Lineage ?? new ModelLineage()),
            metadata.ProfileUri,
            metadata.ProfileSha256);
    }

    /// <summary>Checks a description against the stored-string limit; <paramref name="field"/> names it in the error.</summary>
    public static void CheckDescription(string? description, string field) => CheckSize(field, description);

    /// <summary>Checks a tag key (the same rule at registration and on update).</summary>
    public static void CheckTagKey(string key, string field) => CheckKey(key, field);

    /// <summary>Checks tags (keys, values, stored size) and returns them as stored.</summary>
    public static string SerializeTags(IReadOnlyDictionary<string, string>? tags, string field)
    {
        CheckValues(tags, field);
        return Serialize(field, tags ?? new Dictionary<string, string>());
    }

    public IReadOnlyDictionary<string, string> ReadTags() => Deserialize<Dictionary<string, string>>(Tags);

    public IReadOnlyDictionary<string, double> ReadMetrics() => Deserialize<Dictionary<string, double>>(Metrics);

    public IReadOnlyDictionary<string, string> ReadParameters() => Deserialize<Dictionary<string, string>>(Parameters);

    public ModelLineage ReadLineage() => Deserialize<ModelLineage>(Lineage);

    internal static T Deserialize<T>(string json) =>
        JsonSerializer.Deserialize<T>(json, MlopsJson.Options) ?? throw new InvalidDataException($"A stored {typeof(T).Name} is null.");

    private static void CheckProfile(string? uri, string? sha256)
    {
        if ((uri is null) != (sha256 is null))
        {
            throw MlopsException.Validation(
                "Set the profile's URI and SHA-256 together, or neither.", uri is null ? "metadata.profileUri" : "metadata.profileSha256");
        }

        if (uri is null)
        {
            return;
        }

        if (!Uri.TryCreate(uri, UriKind.Absolute, out _) || uri.Length > 2048)
        {
            throw MlopsException.Validation($"metadata.profileUri must be an absolute URI of at most 2048 characters; got '{(uri.Length > 80 ? uri[..80] + "…" : uri)}'.", "metadata.profileUri");
        }

        if (sha256!.Length != 64 || !sha256.All(char.IsAsciiHexDigitLower))
        {
            throw MlopsException.Validation("metadata.profileSha256 must be a lower-case hex SHA-256 (64 characters).", "metadata.profileSha256");
        }
    }

    private static void CheckValues(IReadOnlyDictionary<string, string>? values, string field)
    {
        foreach (var (key, value) in values ?? new Dictionary<string, string>())
        {
            CheckKey(key, field);
            if (value is null)
            {
                throw MlopsException.Validation($"The value of '{key}' in {field} must be a string, not null.", $"{field}.{key}");
            }
        }
    }

    private static void CheckKey(string key, string field)
    {
        if (string.IsNullOrWhiteSpace(key))
        {
            throw MlopsException.Validation($"Keys in {field} must not be empty.", field);
        }
    }

    private static string Serialize<T>(string field, T value)
    {
        var json = JsonSerializer.Serialize(value, MlopsJson.Options);
        CheckSize(field, json);
        return json;
    }

    private static void CheckSize(string field, string? value)
    {
        if (value is not null && value.Length > MaxStringChars)
        {
            throw MlopsException.Validation(
                $"{field} is {value.Length:N0} characters as stored; the limit is {MaxStringChars:N0} (64 KiB per stored field). Shorten it or move the detail into an artifact.",
                field);
        }
    }
}
