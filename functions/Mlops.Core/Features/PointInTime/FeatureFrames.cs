namespace Mlops.Core.Features.PointInTime;

/// <summary>Helpers over <see cref="FeatureFrame"/> for the join: concatenation of files, filtering, gathering.</summary>
internal static class FeatureFrames
{
    /// <summary>
    /// One frame holding the rows of all <paramref name="frames"/> (in order) and only the <paramref name="features"/>
    /// asked for; the offline store yields one frame per file.
    /// </summary>
    public static FeatureFrame Concat(IReadOnlyList<string> entityNames, IReadOnlyList<FeatureFrame> frames, IReadOnlyList<string> features, IReadOnlyList<FeatureValueType> types)
    {
        ArgumentNullException.ThrowIfNull(frames);
        if (frames.Count == 1 && features.All(f => frames[0].FindFeature(f) is not null) && frames[0].Features.Count == features.Count)
        {
            return frames[0];
        }

        var rows = frames.Sum(f => f.RowCount);
        var entities = new string[entityNames.Count][];
        for (var c = 0; c < entities.Length; c++)
        {
            entities[c] = new string[rows];
        }

        var times = new DateTimeOffset[rows];
        var numbers = new double[features.Count][];
        var texts = new string?[features.Count][];
        for (var f = 0; f < features.Count; f++)
        {
            if (types[f] == FeatureValueType.Number)
            {
                numbers[f] = new double[rows];
            }
            else
            {
                texts[f] = new string?[rows];
            }
        }

        var offset = 0;
        foreach (var frame in frames)
        {
            for (var c = 0; c < entities.Length; c++)
            {
                frame.EntityColumns[c].CopyTo(entities[c], offset);
            }

            frame.EventTimestamps.CopyTo(times, offset);
            for (var f = 0; f < features.Count; f++)
            {
                var column = frame.FindFeature(features[f]);
                if (numbers[f] is { } n)
                {
                    if (column?.Numbers is { } source)
                    {
                        source.CopyTo(n, offset);
                    }
                    else
                    {
                        n.AsSpan(offset, frame.RowCount).Fill(double.NaN);
                    }
                }
                else if (column?.Texts is { } source)
                {
                    source.CopyTo(texts[f], offset);
                }
            }

            offset += frame.RowCount;
        }

        var columns = new FeatureColumn[features.Count];
        for (var f = 0; f < features.Count; f++)
        {
            columns[f] = numbers[f] is { } n ? FeatureColumn.FromNumbers(features[f], n) : FeatureColumn.FromTexts(features[f], texts[f]);
        }

        return new FeatureFrame(entityNames, entities, times, columns);
    }

    /// <summary>The frame's rows whose entity key is in <paramref name="keys"/> (composed as <see cref="EntityKeys"/> does), or the frame itself when all are.</summary>
    public static FeatureFrame Filter(FeatureFrame frame, HashSet<string> keys)
    {
        var composed = EntityKeys.Compose([.. frame.EntityColumns], "features");
        var kept = new List<int>(frame.RowCount);
        for (var r = 0; r < composed.Length; r++)
        {
            if (composed[r] is { } key && keys.Contains(key))
            {
                kept.Add(r);
            }
        }

        return kept.Count == frame.RowCount ? frame : frame.Select(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(kept));
    }

    /// <summary>A column of <paramref name="rows"/>.Length rows: row r takes the source's row rows[r], or missing where it is -1.</summary>
    public static FeatureColumn Gather(FeatureColumn source, string name, int[] rows)
    {
        if (source.Numbers is { } numbers)
        {
            var gathered = new double[rows.Length];
            for (var r = 0; r < rows.Length; r++)
            {
                var row = rows[r];
                gathered[r] = row >= 0 ? numbers[row] : double.NaN;
            }

            return FeatureColumn.FromNumbers(name, gathered);
        }

        var texts = source.Texts!;
        var result = new string?[rows.Length];
        for (var r = 0; r < rows.Length; r++)
        {
            var row = rows[r];
            result[r] = row >= 0 ? texts[row] : null;
        }

        return FeatureColumn.FromTexts(name, result);
    }

    /// <summary>UTC ticks of each timestamp.</summary>
    public static long[] Ticks(DateTimeOffset[] times)
    {
        var ticks = new long[times.Length];
        for (var i = 0; i < times.Length; i++)
        {
            ticks[i] = times[i].UtcTicks;
        }

        return ticks;
    }
}
