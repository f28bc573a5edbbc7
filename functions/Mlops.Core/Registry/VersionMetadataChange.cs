using System.Text.Json;
using Mlops.Core.Api;
using Mlops.Core.Diagnostics;

namespace Mlops.Core.Registry;

/// <summary>
/// A <see cref="ModelVersionUpdate"/> applied to a version's current metadata: the description and tags to store and
/// the audit records of what changed. Every backend applies updates through here, so they validate and audit alike.
/// </summary>
internal sealed record VersionMetadataChange(string? Description, string Tags, IReadOnlyList<VersionMetadataChange.Record> Audit)
{
    public const string DescriptionAction = "version.description.updated";
    public const string TagsAction = "version.tags.updated";

    /// <summary>Checks an update before anything is read: the same rules as at registration, named by the update's fields.</summary>
    public static void Validate(ModelVersionUpdate update)
    {
        ArgumentNullException.ThrowIfNull(update);
        if (update.Description is null && (update.Tags is null || update.Tags.Count == 0))
        {
            throw MlopsException.Validation("The update changes nothing: set description, or tags to set (a value) or delete (null).", "body");
        }

        StoredMetadata.CheckDescription(update.Description, "description");
        foreach (var key in update.Tags?.Keys ?? [])
        {
            StoredMetadata.CheckTagKey(key, "tags");
        }
    }

    /// <summary>The change <paramref name="update"/> makes to <paramref name="current"/>, or null when it changes nothing.</summary>
    public static VersionMetadataChange? Apply(ModelVersion current, ModelVersionUpdate update)
    {
        ArgumentNullException.ThrowIfNull(current);
        Validate(update);
        var audit = new List<Record>(2);
        var description = current.Description;
        if (update.Description is not null)
        {
            // An empty description removes it, as in MLflow; stored and returned as absent.
            var next = update.Description.Length == 0 ? null : update.Description;
            if (next != current.Description)
            {
                audit.Add(new Record(DescriptionAction, current.Description, next));
                description = next;
            }
        }

        var tags = new Dictionary<string, string>(current.Tags, StringComparer.Ordinal);
        var before = new SortedDictionary<string, string?>(StringComparer.Ordinal);
        var after = new SortedDictionary<string, string?>(StringComparer.Ordinal);
        foreach (var (key, value) in update.Tags ?? new Dictionary<string, string?>())
        {
            var old = tags.GetValueOrDefault(key);
            if (old == value)
            {
                continue;
            }

            before[key] = old;
            after[key] = value;
            if (value is null)
            {
                tags.Remove(key);
            }
            else
            {
                tags[key] = value;
            }
        }

        var stored = StoredMetadata.SerializeTags(tags, "tags");
        if (after.Count > 0)
        {
            // Only the tags that changed, with null for "absent", so the entry reads as from → to.
            audit.Add(new Record(TagsAction, Diff(before), Diff(after)));
        }

        return audit.Count == 0 ? null : new VersionMetadataChange(description, stored, audit);
    }

    /// <summary>The version as it reads after the change; every immutable member is carried over untouched.</summary>
    public ModelVersion ApplyTo(ModelVersion current) =>
        current with { Description = Description, Tags = StoredMetadata.Deserialize<Dictionary<string, string>>(Tags) };

    private static string Diff(SortedDictionary<string, string?> tags)
    {
        // Dictionary values are written even when null (the ignore condition covers properties only): null = absent.
        var json = JsonSerializer.Serialize(tags, MlopsJson.Options);
        return json.Length <= StoredMetadata.MaxStringChars
            ? json
            : throw MlopsException.Validation(
                $"This update's tag changes are {json.Length:N0} characters as audited; the limit is {StoredMetadata.MaxStringChars:N0}. Split it into smaller updates.",
                "tags");
    }

    /// <summary>One audit record: the action and the values before and after.</summary>
    public sealed record Record(string Action, string? From, string? To);
}
