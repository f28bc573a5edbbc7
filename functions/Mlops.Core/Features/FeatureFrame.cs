namespace Mlops.Core.Features;

/// <summary>
/// Feature rows of one view, column by column: the entity key, the event time and each feature's value per row. What the
/// transformation engine produces, the offline store writes and reads (one Parquet file at a time) and the online store
/// takes the latest row per entity of.
/// </summary>
public sealed class FeatureFrame
{
    /// <summary>Creates a frame; every column must have one value per row.</summary>
    public FeatureFrame(
        IReadOnlyList<string> entityNames,
        IReadOnlyList<string[]> entityColumns,
        DateTimeOffset[] eventTimestamps,
        IReadOnlyList<FeatureColumn> features)
    {
        ArgumentNullException.ThrowIfNull(entityNames);
        ArgumentNullException.ThrowIfNull(entityColumns);
        ArgumentNullException.ThrowIfNull(eventTimestamps);
        ArgumentNullException.ThrowIfNull(features);
        if (entityNames.Count == 0 || entityNames.Count != entityColumns.Count)
        {
            throw new ArgumentException("One entity column per entity name, at least one.", nameof(entityColumns));
        }

        RowCount = eventTimestamps.Length;
        if (entityColumns.Any(c => c.Length != RowCount) || features.Any(f => f.Length != RowCount))
        {
            throw new ArgumentException($"Every column must have {RowCount} rows, as the timestamps.", nameof(features));
        }

        EntityNames = entityNames;
        EntityColumns = entityColumns;
        EventTimestamps = eventTimestamps;
        Features = features;
    }

    /// <summary>The entity columns' names, in the view's order.</summary>
    public IReadOnlyList<string> EntityNames { get; }

    /// <summary>The entity key values, one array per entity column.</summary>
    public IReadOnlyList<string[]> EntityColumns { get; }

    /// <summary>Each row's event time (UTC).</summary>
    public DateTimeOffset[] EventTimestamps { get; }

    /// <summary>The feature columns.</summary>
    public IReadOnlyList<FeatureColumn> Features { get; }

    /// <summary>The number of rows.</summary>
    public int RowCount { get; }

    /// <summary>The entity key of a row.</summary>
    public EntityKey GetEntityKey(int row)
    {
        var values = new string[EntityColumns.Count];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = EntityColumns[i][row];
        }

        return new EntityKey(values);
    }

    /// <summary>Finds a feature column by name, or null.</summary>
    public FeatureColumn? FindFeature(string name) => Features.FirstOrDefault(f => string.Equals(f.Name, name, StringComparison.Ordinal));

    /// <summary>The rows at the given positions, in that order.</summary>
    public FeatureFrame Select(ReadOnlySpan<int> rows)
    {
        var entities = new string[EntityColumns.Count][];
        for (var c = 0; c < entities.Length; c++)
        {
            var source = EntityColumns[c];
            var picked = new string[rows.Length];
            for (var i = 0; i < rows.Length; i++)
            {
                picked[i] = source[rows[i]];
            }

            entities[c] = picked;
        }

        var times = new DateTimeOffset[rows.Length];
        for (var i = 0; i < rows.Length; i++)
        {
            times[i] = EventTimestamps[rows[i]];
        }

        var features = new FeatureColumn[Features.Count];
        for (var f = 0; f < features.Length; f++)
        {
            features[f] = Features[f].Select(rows);
        }

        return new FeatureFrame(EntityNames, entities, times, features);
    }
}
