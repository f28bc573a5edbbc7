using System.Text.Json;
using Mlops.Core.Api;
using Mlops.Core.Diagnostics;

namespace Mlops.Core.Registry;

/// <summary>
/// A new version's metadata checked and serialized as the registry stores it: free text and JSON strings, each within
/// the Table service's 64 KiB limit per string property. Every backend validates through here, so the in-memory
/// registry rejects exactly what Azure Tables would.
/// </summary>
internal sealed record StoredMetadata(string? Description, string Tags, string Metrics, string Parameters, string Lineage)
{
    /// <summary>The Table service's limit for one string property: 64 KiB of UTF-16, i.e. 32,768 characters.</summary>
    public const int MaxStringChars = 32 * 1024;

    public static StoredMetadata From(NewModelVersion? metadata)
    {
        metadata ??= new NewModelVersion();
        CheckSize("metadata.description", metadata.Description);
        CheckValues(metadata.Tags, "metadata.tags");
        CheckValues(metadata.Parameters, "metadata.parameters");
        foreach (var (key, value) in metadata.Metrics ?? new Dictionary<string, double>())
        {
            CheckKey(key, "metadata.metrics");
            if (!double.IsFinite(value))
            {
                throw MlopsException.Validation($"Metric '{key}' must be a finite number; got {value}.", $"metadata.metrics.{key}");
            }
        }

        return new StoredMetadata(
            metadata.Description,
            Serialize("metadata.tags", metadata.Tags ?? new Dictionary<string, string>()),
            Serialize("metadata.metrics", metadata.Metrics ?? new Dictionary<string, double>()),
            Serialize("metadata.parameters", metadata.Parameters ?? new Dictionary<string, string>()),
            Serialize("metadata.lineage", metadata.Lineage ?? new ModelLineage()));
    }

    public IReadOnlyDictionary<string, string> ReadTags() => Deserialize<Dictionary<string, string>>(Tags);

    public IReadOnlyDictionary<string, double> ReadMetrics() => Deserialize<Dictionary<string, double>>(Metrics);

    public IReadOnlyDictionary<string, string> ReadParameters() => Deserialize<Dictionary<string, string>>(Parameters);

    public ModelLineage ReadLineage() => Deserialize<ModelLineage>(Lineage);

    internal static T Deserialize<T>(string json) =>
        JsonSerializer.Deserialize<T>(json, MlopsJson.Options) ?? throw new InvalidDataException($"A stored {typeof(T).Name} is null.");

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
