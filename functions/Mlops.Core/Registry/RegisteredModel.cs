namespace Mlops.Core.Registry;

/// <summary>A registered model: a name with numbered versions and aliases.</summary>
/// <param name="Name">The model name.</param>
/// <param name="LatestVersion">The highest version number registered (0 when none yet).</param>
/// <param name="Aliases">Alias → version.</param>
/// <param name="CreatedAt">When the first version was registered.</param>
/// <param name="UpdatedAt">When the model last changed.</param>
public sealed record RegisteredModel(
    string Name,
    int LatestVersion,
    IReadOnlyDictionary<string, int> Aliases,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt);
