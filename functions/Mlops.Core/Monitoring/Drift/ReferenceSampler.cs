using Mlops.Core.Training.Data;

namespace Mlops.Core.Monitoring.Drift;

/// <summary>Draws the <see cref="ReferenceSample"/> stored with a model version's training profile.</summary>
public static class ReferenceSampler
{
    /// <summary>Values kept per numerical column by default.</summary>
    public const int DefaultMaxValuesPerColumn = 5_000;

    /// <summary>The default seed, so the same data always gives the same sample.</summary>
    public const int DefaultSeed = 20_240_301;

    /// <summary>
    /// Samples every numerical (numeric or timestamp) feature and label of <paramref name="data"/>: the non-missing,
    /// finite values, all of them when there are at most <paramref name="maxValuesPerColumn"/>, else a uniform
    /// reservoir sample drawn with <paramref name="seed"/>.
    /// </summary>
    public static ReferenceSample Sample(TabularDataset data, int maxValuesPerColumn = DefaultMaxValuesPerColumn, int seed = DefaultSeed)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxValuesPerColumn, 1);

        // Random(seed) is the legacy generator, whose sequence for a seed does not change across .NET versions.
        var random = new Random(seed);
        var columns = new Dictionary<string, IReadOnlyList<double>>(StringComparer.Ordinal);
        var profiled = data.Label is { } label ? [.. data.Features, label] : data.Features;
        foreach (var column in profiled)
        {
            if (ColumnValues.TryReadNumbers(column, out var values))
            {
                columns[column.Name] = Reservoir(values.Span, maxValuesPerColumn, random);
            }
        }

        return new ReferenceSample(maxValuesPerColumn, seed, columns);
    }

    private static double[] Reservoir(ReadOnlySpan<double> values, int size, Random random)
    {
        var reservoir = new List<double>(Math.Min(size, values.Length));
        long seen = 0;
        foreach (var value in values)
        {
            if (!double.IsFinite(value))
            {
                continue;
            }

            seen++;
            if (reservoir.Count < size)
            {
                reservoir.Add(value);
            }
            else
            {
                var slot = random.NextInt64(seen);
                if (slot < size)
                {
                    reservoir[(int)slot] = value;
                }
            }
        }

        var sorted = reservoir.ToArray();
        Array.Sort(sorted);
        return sorted;
    }
}
