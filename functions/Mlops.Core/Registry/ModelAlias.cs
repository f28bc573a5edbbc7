namespace Mlops.Core.Registry;

/// <summary>A named pointer to a version, such as <c>champion</c>.</summary>
/// <param name="Model">The model name.</param>
/// <param name="Alias">The alias.</param>
/// <param name="Version">The version it points to.</param>
/// <param name="UpdatedAt">When it was last set.</param>
/// <param name="UpdatedBy">Who set it (key name).</param>
public sealed record ModelAlias(string Model, string Alias, int Version, DateTimeOffset UpdatedAt, string UpdatedBy);
