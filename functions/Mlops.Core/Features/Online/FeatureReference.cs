using System.Text.RegularExpressions;
using Mlops.Core.Diagnostics;

namespace Mlops.Core.Features.Online;

/// <summary>A feature named as Feast names it: <c>view:feature</c>.</summary>
internal sealed partial record FeatureReference(string View, string Feature)
{
    /// <summary>Parses <c>view:feature</c>; anything else is a 400 naming <paramref name="field"/>.</summary>
    public static FeatureReference Parse(string? text, string field)
    {
        var match = text is null ? null : Pattern().Match(text);
        if (match is not { Success: true })
        {
            throw MlopsException.Validation(
                $"'{text}' is not a feature reference; write 'view:feature' (names: a letter, then letters, digits or '_').", field);
        }

        return new FeatureReference(match.Groups[1].Value, match.Groups[2].Value);
    }

    /// <summary>Parses a list, refusing an empty list and duplicates; fields are <c>{field}[i]</c>.</summary>
    public static IReadOnlyList<FeatureReference> ParseAll(IReadOnlyList<string?>? texts, string field)
    {
        if (texts is null || texts.Count == 0)
        {
            throw MlopsException.Validation($"'{field}' must list at least one feature as 'view:feature'.", field);
        }

        var references = new List<FeatureReference>(texts.Count);
        var seen = new HashSet<FeatureReference>();
        for (var i = 0; i < texts.Count; i++)
        {
            var reference = Parse(texts[i], $"{field}[{i}]");
            if (!seen.Add(reference))
            {
                throw MlopsException.Validation($"Feature '{reference}' is listed twice.", $"{field}[{i}]");
            }

            references.Add(reference);
        }

        return references;
    }

    /// <summary>The column name of the feature in responses and training sets: the feature's name, or <c>view__feature</c> when full names are asked for (Feast's convention).</summary>
    public string ColumnName(bool fullName) => fullName ? $"{View}__{Feature}" : Feature;

    /// <summary>
    /// The column names of <paramref name="references"/>; short names that collide (the same feature name in two views)
    /// are a 400 asking for full names.
    /// </summary>
    public static string[] ColumnNames(IReadOnlyList<FeatureReference> references, bool fullNames, string field, string fullNamesField)
    {
        var names = new string[references.Count];
        var seen = new Dictionary<string, FeatureReference>(StringComparer.Ordinal);
        for (var i = 0; i < names.Length; i++)
        {
            names[i] = references[i].ColumnName(fullNames);
            if (!seen.TryAdd(names[i], references[i]))
            {
                throw MlopsException.Validation(
                    $"Features '{seen[names[i]]}' and '{references[i]}' would both be named '{names[i]}'; set {fullNamesField} to name them view__feature.",
                    $"{field}[{i}]");
            }
        }

        return names;
    }

    public override string ToString() => $"{View}:{Feature}";

    [GeneratedRegex("^([A-Za-z][A-Za-z0-9_]{0,63}):([A-Za-z][A-Za-z0-9_]{0,63})$", RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();
}
