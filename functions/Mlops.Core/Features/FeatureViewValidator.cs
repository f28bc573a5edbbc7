using System.Text.RegularExpressions;
using Mlops.Core.Diagnostics;

namespace Mlops.Core.Features;

/// <summary>
/// Checks a feature view definition before anything is stored, and fills in defaults. Every error is a validation
/// <see cref="MlopsException"/> whose <see cref="MlopsException.Field"/> is the JSON path at fault (e.g.
/// <c>features[2].window</c>) and whose message says what to change.
/// </summary>
public static partial class FeatureViewValidator
{
    /// <summary>The most entity key columns a view can have.</summary>
    public const int MaxEntities = 5;

    /// <summary>
    /// The most features a view can have. Online rows pack the values into one property, so the bound is the
    /// definition's own size (stored as one 32K-character property) and the width of a lookup, not Tables' 252 properties.
    /// </summary>
    public const int MaxFeatures = 1000;

    private const int MaxColumnName = 128;
    private const int MaxTags = 50;

    /// <summary>Checks a view name: a letter, then up to 63 letters, digits or '_'.</summary>
    public static string ValidateName(string? name, string field = "name")
    {
        if (name is null || !NamePattern().IsMatch(name))
        {
            throw MlopsException.Validation(
                $"Feature view name '{Shorten(name)}' is invalid: use 1-64 characters, letters, digits or '_', starting with a letter.", field);
        }

        return name;
    }

    /// <summary>Validates a definition and returns it with defaults filled in (source path, passthrough columns).</summary>
    public static FeatureViewDefinition Validate(FeatureViewDefinition? definition)
    {
        if (definition is null)
        {
            throw MlopsException.Validation("The feature view definition is missing; send a JSON object with name, entities, timestampColumn, source, features and ttl.", "body");
        }

        var name = ValidateName(definition.Name);
        var entities = ValidateEntities(definition.Entities);
        var timestamp = ValidateColumnName(definition.TimestampColumn, "timestampColumn");
        if (entities.Contains(timestamp, StringComparer.Ordinal))
        {
            throw MlopsException.Validation($"Column '{timestamp}' cannot be both an entity key and the timestamp column.", "timestampColumn");
        }

        FeatureDuration.Parse(definition.Ttl, "ttl");
        var source = ValidateSource(definition.Source, name);
        var features = ValidateFeatures(definition.Features, entities, timestamp);
        CheckKnownColumns(source.Columns, entities, timestamp, features);
        ValidateMetadata(definition);
        return definition with { Name = name, Entities = entities, TimestampColumn = timestamp, Source = source, Features = features };
    }

    /// <summary>The source columns a feature reads (none for a plain count).</summary>
    public static IReadOnlyList<string> ColumnsOf(FeatureDefinition feature)
    {
        ArgumentNullException.ThrowIfNull(feature);
        if (feature.Expression is { } expression)
        {
            return FeatureExpression.Parse(expression, "expression").Columns;
        }

        return feature.Column is { } column ? [column] : feature.Kind == FeatureKind.Passthrough ? [feature.Name] : [];
    }

    private static string[] ValidateEntities(IReadOnlyList<string>? entities)
    {
        if (entities is null || entities.Count == 0)
        {
            throw MlopsException.Validation("A feature view needs at least one entity key column, e.g. [\"driver_id\"].", "entities");
        }

        if (entities.Count > MaxEntities)
        {
            throw MlopsException.Validation($"A feature view has at most {MaxEntities} entity key columns; got {entities.Count}.", "entities");
        }

        var result = new string[entities.Count];
        for (var i = 0; i < entities.Count; i++)
        {
            result[i] = ValidateColumnName(entities[i], $"entities[{i}]");
            if (Array.IndexOf(result, result[i], 0, i) >= 0)
            {
                throw MlopsException.Validation($"Entity column '{result[i]}' is listed twice.", $"entities[{i}]");
            }
        }

        return result;
    }

    private static FeatureSourceDefinition ValidateSource(FeatureSourceDefinition? source, string view)
    {
        if (source is null)
        {
            throw MlopsException.Validation("The source is missing; give at least {\"format\": \"csv\"} (files under feature-sources/" + view + "/).", "source");
        }

        if (!Enum.IsDefined(source.Format))
        {
            throw MlopsException.Validation($"Source format '{source.Format}' is unknown; use csv or parquet.", "source.format");
        }

        var extension = source.Format == FeatureSourceFormat.Parquet ? "parquet" : "csv";
        var path = string.IsNullOrWhiteSpace(source.Path) ? $"{view}/**.{extension}" : source.Path.Trim();
        if (!path.StartsWith(view + "/", StringComparison.Ordinal) || path.Length > 512
            || path.Contains("..", StringComparison.Ordinal) || path.Contains('\\', StringComparison.Ordinal) || path.Contains("//", StringComparison.Ordinal)
            || path.Any(char.IsControl) || path.Contains('?', StringComparison.Ordinal))
        {
            throw MlopsException.Validation(
                $"Source path '{Shorten(path)}' is invalid: it is a blob name pattern in feature-sources starting with '{view}/' (so drops there trigger the view), " +
                "using '*' within a segment and '**' across segments, without '..', '\\', '?' or '//'.",
                "source.path");
        }

        string[]? columns = null;
        if (source.Columns is { } declared)
        {
            columns = new string[declared.Count];
            for (var i = 0; i < declared.Count; i++)
            {
                columns[i] = ValidateColumnName(declared[i], $"source.columns[{i}]");
                if (Array.IndexOf(columns, columns[i], 0, i) >= 0)
                {
                    throw MlopsException.Validation($"Source column '{columns[i]}' is listed twice.", $"source.columns[{i}]");
                }
            }
        }

        return source with { Path = path, Columns = columns };
    }

    private static FeatureDefinition[] ValidateFeatures(IReadOnlyList<FeatureDefinition>? features, string[] entities, string timestamp)
    {
        if (features is null || features.Count == 0)
        {
            throw MlopsException.Validation("A feature view needs at least one feature, e.g. {\"name\": \"trips\", \"column\": \"trips\"}.", "features");
        }

        if (features.Count > MaxFeatures)
        {
            throw MlopsException.Validation($"A feature view has at most {MaxFeatures} features; got {features.Count}. Split it into several views.", "features");
        }

        var result = new FeatureDefinition[features.Count];
        var names = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < features.Count; i++)
        {
            var field = $"features[{i}]";
            var feature = features[i] ?? throw MlopsException.Validation("A feature is null; give it at least a name.", field);
            if (feature.Name is null || !NamePattern().IsMatch(feature.Name))
            {
                throw MlopsException.Validation(
                    $"Feature name '{Shorten(feature.Name)}' is invalid: use 1-64 characters, letters, digits or '_', starting with a letter.", field + ".name");
            }

            // Case-insensitive: Table property names and Parquet readers in other tools treat case loosely.
            if (names.TryGetValue(feature.Name, out var first))
            {
                throw MlopsException.Validation(
                    $"Feature name '{feature.Name}' is used twice (features[{first}] and {field}); give each feature its own name.", field + ".name");
            }

            names[feature.Name] = i;
            if (entities.Contains(feature.Name, StringComparer.OrdinalIgnoreCase) || string.Equals(feature.Name, timestamp, StringComparison.OrdinalIgnoreCase))
            {
                throw MlopsException.Validation(
                    $"Feature name '{feature.Name}' is also an entity or the timestamp column; rename the feature (e.g. '{feature.Name}_value').", field + ".name");
            }

            result[i] = ValidateFeature(feature, field, timestamp);
        }

        return result;
    }

    private static FeatureDefinition ValidateFeature(FeatureDefinition feature, string field, string timestamp)
    {
        if (feature.Type is { } type && !Enum.IsDefined(type))
        {
            throw MlopsException.Validation($"Feature type '{type}' is unknown; use number or text.", field + ".type");
        }

        if (feature.Aggregation is { } aggregation && !Enum.IsDefined(aggregation))
        {
            throw MlopsException.Validation($"Aggregation '{aggregation}' is unknown; use count, sum, mean, min or max.", field + ".aggregation");
        }

        if (feature.Column is not null)
        {
            ValidateColumnName(feature.Column, field + ".column");
        }

        if (feature.Column is not null && feature.Expression is not null)
        {
            throw MlopsException.Validation("A feature reads either a column or an expression, not both.", field + ".expression");
        }

        IReadOnlyList<string> columns = feature.Expression is { } expression
            ? FeatureExpression.Parse(expression, field + ".expression").Columns
            : [];
        foreach (var column in columns)
        {
            ValidateColumnName(column, field + ".expression");
        }

        switch (feature.Kind)
        {
            case FeatureKind.Passthrough:
                if (feature.Window is not null)
                {
                    throw MlopsException.Validation("A window applies only to an aggregate; add an aggregation (count, sum, mean, min or max) or remove the window.", field + ".window");
                }

                feature = feature with { Column = feature.Column ?? feature.Name };
                columns = [feature.Column!];
                break;

            case FeatureKind.Derived:
                if (feature.Window is not null)
                {
                    throw MlopsException.Validation("A window applies only to an aggregate; add an aggregation (count, sum, mean, min or max) or remove the window.", field + ".window");
                }

                break;

            case FeatureKind.Aggregate:
                if (feature.Window is null)
                {
                    throw MlopsException.Validation("An aggregate needs a window, such as 1h, 1d, 7d or 30d.", field + ".window");
                }

                FeatureDuration.Parse(feature.Window, field + ".window");
                if (feature.Aggregation != FeatureAggregation.Count && feature.Column is null && feature.Expression is null)
                {
                    throw MlopsException.Validation($"A {feature.Aggregation.ToString()!.ToLowerInvariant()} aggregate needs the column (or expression) it aggregates.", field + ".column");
                }

                if (feature.Column is { } aggregated)
                {
                    columns = [aggregated];
                }

                break;
        }

        if (feature.Kind != FeatureKind.Passthrough && feature.ValueType != FeatureValueType.Number)
        {
            throw MlopsException.Validation("Only a passthrough feature can be text; derived and aggregate features are numbers.", field + ".type");
        }

        if (columns.Contains(timestamp, StringComparer.Ordinal))
        {
            throw MlopsException.Validation($"Feature reads the timestamp column '{timestamp}', which is not a value; read another column.", field + (feature.Expression is null ? ".column" : ".expression"));
        }

        return feature;
    }

    private static void CheckKnownColumns(IReadOnlyList<string>? sourceColumns, string[] entities, string timestamp, FeatureDefinition[] features)
    {
        if (sourceColumns is null)
        {
            return;
        }

        void Check(string column, string field)
        {
            if (!sourceColumns.Contains(column, StringComparer.Ordinal))
            {
                throw MlopsException.Validation(
                    $"Column '{column}' is not a column of the source; its columns are {string.Join(", ", sourceColumns.Select(c => $"'{c}'"))}.", field);
            }
        }

        for (var i = 0; i < entities.Length; i++)
        {
            Check(entities[i], $"entities[{i}]");
        }

        Check(timestamp, "timestampColumn");
        for (var i = 0; i < features.Length; i++)
        {
            var field = features[i].Expression is null ? $"features[{i}].column" : $"features[{i}].expression";
            foreach (var column in ColumnsOf(features[i]))
            {
                Check(column, field);
            }
        }
    }

    private static void ValidateMetadata(FeatureViewDefinition definition)
    {
        if (definition.Owner is { Length: > 256 })
        {
            throw MlopsException.Validation("The owner has more than 256 characters.", "owner");
        }

        if (definition.Description is { Length: > 4096 })
        {
            throw MlopsException.Validation("The description has more than 4096 characters.", "description");
        }

        if (definition.Tags is { } tags)
        {
            if (tags.Count > MaxTags)
            {
                throw MlopsException.Validation($"A view has at most {MaxTags} tags; got {tags.Count}.", "tags");
            }

            foreach (var (key, value) in tags)
            {
                if (string.IsNullOrWhiteSpace(key) || key.Length > 128 || value is null || value.Length > 256)
                {
                    throw MlopsException.Validation($"Tag '{Shorten(key)}' is invalid: keys have 1-128 characters, values at most 256 and are not null.", $"tags.{key}");
                }
            }
        }
    }

    private static string ValidateColumnName(string? column, string field)
    {
        if (string.IsNullOrWhiteSpace(column) || column.Length > MaxColumnName || column.Any(char.IsControl))
        {
            throw MlopsException.Validation($"Column name '{Shorten(column)}' is invalid: use 1-{MaxColumnName} printable characters.", field);
        }

        return column;
    }

    private static string Shorten(string? value) => value is null ? string.Empty : value.Length <= 80 ? value : value[..80] + "…";

    [GeneratedRegex("^[A-Za-z][A-Za-z0-9_]{0,63}$", RegexOptions.CultureInvariant)]
    private static partial Regex NamePattern();
}
