using Mlops.Core.Diagnostics;

namespace Mlops.Core.Training.Data;

/// <summary>
/// Combines what a reader detected with what the caller declared, and rejects declarations that cannot hold: an
/// override or label naming a column the data lacks, a label that is also declared ID or ignored, bounds on a column
/// that is not numeric, a minimum above the maximum, and unsupported types that are not ignored.
/// </summary>
internal static class SchemaResolver
{
    public static ResolvedSchema Resolve(IReadOnlyList<SourceColumn> source, DatasetReadOptions options)
    {
        CheckNames(source);
        var names = source.Select(c => c.Name).ToHashSet(StringComparer.Ordinal);
        var overrides = options.Columns ?? new Dictionary<string, ColumnOverride>();
        foreach (var name in overrides.Keys)
        {
            if (!names.Contains(name))
            {
                throw MlopsException.Validation(
                    $"The schema declares column '{name}', which the data does not have.{Suggest(name, names)} Its columns are {List(names)}.",
                    name);
            }
        }

        var label = ResolveLabel(options.Label, overrides, names);
        var columns = new List<ColumnSchema>(source.Count);
        var kindDeclared = new HashSet<string>(StringComparer.Ordinal);
        var roleDeclared = new HashSet<string>(StringComparer.Ordinal);
        foreach (var column in source)
        {
            overrides.TryGetValue(column.Name, out var declared);
            var isLabel = string.Equals(column.Name, label, StringComparison.Ordinal);
            var role = isLabel ? ColumnRole.Label : declared?.Role ?? ColumnRole.Feature;
            if (isLabel && declared?.Role is ColumnRole.Id or ColumnRole.Ignored)
            {
                throw MlopsException.Validation(
                    $"Column '{column.Name}' is the label but is declared {declared.Role}; remove that role or choose another label.", column.Name);
            }

            if (declared?.Role is not null || isLabel)
            {
                roleDeclared.Add(column.Name);
            }

            if (declared?.Kind is not null)
            {
                kindDeclared.Add(column.Name);
            }

            if (column.DetectedKind is null && role != ColumnRole.Ignored)
            {
                throw MlopsException.Unprocessable(
                    $"Column '{column.Name}' has type {column.UnsupportedType}, which training cannot read; " +
                    "declare it ignored, or convert it to a number, boolean, string or timestamp.", column.Name);
            }

            var kind = declared?.Kind ?? column.DetectedKind ?? ColumnKind.Categorical;
            if (isLabel && kind == ColumnKind.Timestamp)
            {
                throw MlopsException.Unprocessable(
                    $"The label '{column.Name}' holds timestamps, which a model cannot predict here; choose a numeric, boolean or categorical label.",
                    column.Name);
            }

            CheckBounds(column.Name, kind, declared);
            columns.Add(new ColumnSchema(column.Name, kind, role, declared?.Minimum, declared?.Maximum));
        }

        if (columns.All(c => c.Role == ColumnRole.Ignored))
        {
            throw MlopsException.Validation("Every column is declared ignored; nothing is left to load.");
        }

        return new ResolvedSchema(new DatasetSchema(columns), kindDeclared, roleDeclared);
    }

    private static string? ResolveLabel(string? label, IReadOnlyDictionary<string, ColumnOverride> overrides, HashSet<string> names)
    {
        var declaredLabels = overrides.Where(o => o.Value.Role == ColumnRole.Label).Select(o => o.Key).ToList();
        if (declaredLabels.Count > 1 || (label is not null && declaredLabels.Count == 1 && declaredLabels[0] != label))
        {
            var all = declaredLabels.Append(label).OfType<string>().Distinct(StringComparer.Ordinal);
            throw MlopsException.Validation(
                $"More than one label is declared ({string.Join(", ", all.Select(n => $"'{n}'"))}); a data set has one label.",
                declaredLabels[0]);
        }

        label ??= declaredLabels.FirstOrDefault();
        if (label is not null && !names.Contains(label))
        {
            throw MlopsException.Validation(
                $"The label column '{label}' is not in the data.{Suggest(label, names)} Its columns are {List(names)}.", label);
        }

        return label;
    }

    private static void CheckNames(IReadOnlyList<SourceColumn> source)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < source.Count; i++)
        {
            var name = source[i].Name;
            if (string.IsNullOrWhiteSpace(name))
            {
                throw MlopsException.Unprocessable(
                    $"Column {i + 1} of the header has no name; name every column (pandas: write the CSV with index=False).");
            }

            if (!seen.Add(name))
            {
                throw MlopsException.Unprocessable($"Column '{name}' appears more than once in the header; give each column its own name.", name);
            }
        }
    }

    private static void CheckBounds(string name, ColumnKind kind, ColumnOverride? declared)
    {
        if (declared is null || (declared.Minimum is null && declared.Maximum is null))
        {
            return;
        }

        if (kind != ColumnKind.Numeric)
        {
            throw MlopsException.Validation($"Column '{name}' is {kind}; a minimum or maximum applies only to numeric columns.", name);
        }

        if (declared.Minimum is { } min && declared.Maximum is { } max && min > max)
        {
            throw MlopsException.Validation($"Column '{name}' declares minimum {min} above maximum {max}.", name);
        }

        if ((declared.Minimum is { } m && !double.IsFinite(m)) || (declared.Maximum is { } x && !double.IsFinite(x)))
        {
            throw MlopsException.Validation($"Column '{name}' declares a bound that is not a finite number.", name);
        }
    }

    private static string Suggest(string name, HashSet<string> names)
    {
        var near = names.FirstOrDefault(n => string.Equals(n, name, StringComparison.OrdinalIgnoreCase)
            || string.Equals(n.Trim(), name.Trim(), StringComparison.OrdinalIgnoreCase));
        return near is null ? string.Empty : $" Did you mean '{near}'?";
    }

    private static string List(IEnumerable<string> names)
    {
        var all = names.ToList();
        var shown = string.Join(", ", all.Take(20).Select(n => $"'{n}'"));
        return all.Count > 20 ? $"{shown} and {all.Count - 20} more" : shown;
    }
}
