namespace Mlops.Core.Registry;

/// <summary>Which version of a model to use: an explicit version or an alias (default <c>champion</c>).</summary>
/// <param name="Version">An explicit version, or null.</param>
/// <param name="Alias">An alias, used when <paramref name="Version"/> is null.</param>
public sealed record ModelReference(int? Version, string? Alias)
{
    /// <summary>The alias serving uses by default.</summary>
    public const string DefaultAlias = "champion";

    /// <summary>The default: the <c>champion</c> alias.</summary>
    public static ModelReference Champion { get; } = new(null, DefaultAlias);
}
