using Microsoft.Extensions.Options;
using Mlops.Core.Diagnostics;

namespace Mlops.Core.Features.Online;

/// <summary>
/// Reads features of entities from the online store for the Feast-shaped route and for entity-keyed predictions:
/// checks every reference and entity column against the views, reads each view once (views in parallel) and answers
/// column by column in the order asked.
/// </summary>
internal sealed class OnlineFeatureService(IFeatureRegistry registry, IOnlineFeatureStore store, IOptions<OnlineFeatureOptions> options)
{
    /// <summary>
    /// Entity key columns from a request's JSON object of column → array of values (strings, numbers or booleans, as
    /// <see cref="EntityKey.FormatJson"/> reads them); errors name <c>{field}.{column}[i]</c>.
    /// </summary>
    public static Dictionary<string, string[]> ReadEntityColumns(System.Text.Json.JsonElement value, string field)
    {
        if (value.ValueKind != System.Text.Json.JsonValueKind.Object)
        {
            throw MlopsException.Validation($"'{field}' must be an object of entity key column to an array of values.", field);
        }

        var keys = new Dictionary<string, string[]>(StringComparer.Ordinal);
        foreach (var column in value.EnumerateObject())
        {
            var columnField = $"{field}.{column.Name}";
            if (column.Value.ValueKind != System.Text.Json.JsonValueKind.Array)
            {
                throw MlopsException.Validation($"'{columnField}' must be an array of values, one per entity.", columnField);
            }

            var values = new string[column.Value.GetArrayLength()];
            var i = 0;
            foreach (var item in column.Value.EnumerateArray())
            {
                values[i] = EntityKey.FormatJson(item, $"{columnField}[{i}]");
                i++;
            }

            if (!keys.TryAdd(column.Name, values))
            {
                throw MlopsException.Validation($"Entity column '{column.Name}' is given twice.", columnField);
            }
        }

        return keys;
    }

    /// <summary>The entity count of <paramref name="entities"/>: every column the same length, at least one row, at most the limit.</summary>
    public int CountEntities(IReadOnlyDictionary<string, string[]> entities, string field)
    {
        if (entities.Count == 0)
        {
            throw MlopsException.Validation($"'{field}' must give at least one entity key column, e.g. {{\"customer_id\": [\"c1\"]}}.", field);
        }

        var rows = -1;
        string? first = null;
        foreach (var (name, values) in entities)
        {
            if (rows < 0)
            {
                rows = values.Length;
                first = name;
            }
            else if (values.Length != rows)
            {
                throw MlopsException.Validation(
                    $"Entity column '{name}' has {values.Length} values but '{first}' has {rows}; give every key column one value per entity.", $"{field}.{name}");
            }
        }

        if (rows == 0)
        {
            throw MlopsException.Validation($"'{field}' has no entities; give at least one value per key column.", field);
        }

        var max = options.Value.MaxEntities;
        if (rows > max)
        {
            throw MlopsException.TooLarge($"{rows} entities asked for; at most {max} per request (Features:Online:MaxEntities).", field);
        }

        return rows;
    }

    /// <summary>
    /// The values of <paramref name="references"/> for each entity (one row per index of the <paramref name="entities"/>
    /// columns). Unknown views and features are 404s naming <c>{featuresField}[i]</c>; an entity column a view needs
    /// and the request lacks is a 400 naming <paramref name="entitiesField"/>.
    /// </summary>
    public async Task<IReadOnlyList<OnlineFeatureColumn>> ReadAsync(
        IReadOnlyList<FeatureReference> references,
        IReadOnlyDictionary<string, string[]> entities,
        string featuresField,
        string entitiesField,
        CancellationToken cancellationToken = default)
    {
        var rows = CountEntities(entities, entitiesField);

        // One read per view, in the order views first appear; the features of a view in the order asked.
        var groups = new List<(string View, List<int> Positions)>();
        foreach (var (reference, position) in references.Select((r, i) => (r, i)))
        {
            var group = groups.FindIndex(g => g.View == reference.View);
            if (group < 0)
            {
                groups.Add((reference.View, [position]));
            }
            else
            {
                groups[group].Positions.Add(position);
            }
        }

        var reads = new Task<OnlineFeatureResult>[groups.Count];
        var resolved = new FeatureView[groups.Count];
        for (var g = 0; g < groups.Count; g++)
        {
            var (name, positions) = groups[g];
            // The registry caches the latest version briefly, so a lookup does not read the views table every time.
            var view = await registry.FindAsync(name, cancellationToken: cancellationToken).ConfigureAwait(false)
                ?? throw MlopsException.NotFound($"There is no feature view '{name}'; GET /api/features/views lists them.", $"{featuresField}[{positions[0]}]");
            foreach (var position in positions)
            {
                if (view.FindFeature(references[position].Feature) is null)
                {
                    throw MlopsException.NotFound(
                        $"Feature view '{name}' has no feature '{references[position].Feature}'; its features are {string.Join(", ", view.Definition.Features.Select(f => $"'{f.Name}'"))}.",
                        $"{featuresField}[{position}]");
                }
            }

            resolved[g] = view;
            var keys = EntityKeysOf(view, entities, rows, entitiesField);
            reads[g] = store.ReadAsync(view, keys, [.. positions.Select(p => references[p].Feature)], cancellationToken);
        }

        var results = await Task.WhenAll(reads).ConfigureAwait(false);
        var columns = new OnlineFeatureColumn[references.Count];
        for (var g = 0; g < groups.Count; g++)
        {
            var result = results[g];
            var positions = groups[g].Positions;
            for (var f = 0; f < positions.Count; f++)
            {
                var values = new object?[rows];
                var statuses = new FeatureStatus[rows];
                var times = new DateTimeOffset?[rows];
                for (var r = 0; r < rows; r++)
                {
                    var value = result.Rows[r].Values[f];
                    values[r] = value.Value;
                    statuses[r] = value.Status;
                    times[r] = value.EventTimestamp;
                }

                columns[positions[f]] = new OnlineFeatureColumn(references[positions[f]], result.Version, values, statuses, times);
            }
        }

        return columns;
    }

    private static EntityKey[] EntityKeysOf(FeatureView view, IReadOnlyDictionary<string, string[]> entities, int rows, string field)
    {
        var names = view.Definition.Entities;
        var columns = new string[names.Count][];
        for (var c = 0; c < names.Count; c++)
        {
            columns[c] = entities.TryGetValue(names[c], out var column)
                ? column
                : throw MlopsException.Validation(
                    $"Feature view '{view.Name}' is keyed by {string.Join(", ", names.Select(n => $"'{n}'"))}; '{field}' lacks '{names[c]}'.", field);
        }

        var keys = new EntityKey[rows];
        var parts = new string[names.Count];
        for (var r = 0; r < rows; r++)
        {
            for (var c = 0; c < parts.Length; c++)
            {
                parts[c] = columns[c][r];
            }

            keys[r] = new EntityKey(parts);
        }

        return keys;
    }
}
