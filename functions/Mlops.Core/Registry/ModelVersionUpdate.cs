namespace Mlops.Core.Registry;

/// <summary>
/// A change to a version's mutable metadata, its description and tags, with merge-patch semantics: what is left out
/// stays as it is. The artifact, signature, metrics, parameters, lineage and profile never change after registration.
/// </summary>
public sealed record ModelVersionUpdate
{
    /// <summary>The new description; null leaves it unchanged and an empty string removes it.</summary>
    public string? Description { get; init; }

    /// <summary>Tags to set (a value) or delete (null); tags not named here are unchanged. Deleting an absent tag is a no-op.</summary>
    public IReadOnlyDictionary<string, string?>? Tags { get; init; }
}
