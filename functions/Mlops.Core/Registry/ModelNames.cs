using System.Text.RegularExpressions;
using Mlops.Core.Diagnostics;

namespace Mlops.Core.Registry;

/// <summary>
/// The strict patterns for model names, versions and aliases. Everything a client sends is checked here before it
/// reaches a table key or a blob path, so nothing can escape its model's prefix.
/// </summary>
public static partial class ModelNames
{
    /// <summary>Model names: a letter or digit, then up to 63 letters, digits, '-', '_' or '.', no "..".</summary>
    public static string ValidateModel(string? name, string field = "name")
    {
        if (name is null || !ModelPattern().IsMatch(name) || name.Contains("..", StringComparison.Ordinal))
        {
            throw MlopsException.Validation(
                $"Model name '{Truncate(name)}' is invalid: use 1-64 characters, letters, digits, '-', '_' or '.', starting with a letter or digit.",
                field);
        }

        return name;
    }

    /// <summary>Aliases: a lower-case letter, then up to 31 lower-case letters, digits, '-' or '_'.</summary>
    public static string ValidateAlias(string? alias, string field = "alias")
    {
        if (alias is null || !AliasPattern().IsMatch(alias))
        {
            throw MlopsException.Validation(
                $"Alias '{Truncate(alias)}' is invalid: use 1-32 characters, lower-case letters, digits, '-' or '_', starting with a letter.",
                field);
        }

        return alias;
    }

    /// <summary>Versions: a positive integer without sign or leading zeros.</summary>
    public static int ParseVersion(string? version, string field = "version")
    {
        if (version is null || !VersionPattern().IsMatch(version) || !int.TryParse(version, out var number))
        {
            throw MlopsException.Validation($"Version '{Truncate(version)}' is invalid: use a positive whole number such as 1.", field);
        }

        return number;
    }

    private static string Truncate(string? value) => value is null ? string.Empty : value.Length <= 80 ? value : value[..80] + "…";

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$", RegexOptions.CultureInvariant)]
    private static partial Regex ModelPattern();

    [GeneratedRegex("^[a-z][a-z0-9_-]{0,31}$", RegexOptions.CultureInvariant)]
    private static partial Regex AliasPattern();

    [GeneratedRegex("^[1-9][0-9]{0,8}$", RegexOptions.CultureInvariant)]
    private static partial Regex VersionPattern();
}
