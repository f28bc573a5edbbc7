namespace Mlops.Core.Features;

/// <summary>A stored version of a feature view: its validated definition and where it sits in the view's history.</summary>
/// <param name="Definition">The validated definition, with defaults filled in (source path, passthrough columns).</param>
/// <param name="Version">The version: 1 for the first definition, one more for each changed one.</param>
/// <param name="CreatedAt">When this version was stored.</param>
/// <param name="ContentHash">SHA-256 (hex) of the definition's canonical JSON: defining the same content again adds no version.</param>
public sealed record FeatureView(FeatureViewDefinition Definition, int Version, DateTimeOffset CreatedAt, string ContentHash)
{
    /// <summary>The view's name.</summary>
    public string Name => Definition.Name;

    /// <summary>The TTL as a time span.</summary>
    public TimeSpan Ttl => FeatureDuration.Parse(Definition.Ttl, "ttl");

    /// <summary>Finds a feature by name (ordinal), or null.</summary>
    public FeatureDefinition? FindFeature(string name) => Definition.Features.FirstOrDefault(f => string.Equals(f.Name, name, StringComparison.Ordinal));
}
