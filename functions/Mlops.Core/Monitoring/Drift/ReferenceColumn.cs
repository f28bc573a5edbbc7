using Mlops.Core.Training.Data;

namespace Mlops.Core.Monitoring.Drift;

/// <summary>One reference column, prepared once for any number of checks.</summary>
internal sealed class ReferenceColumn
{
    /// <summary>Values rebuilt from a profile's quantile bins when no sample was stored.</summary>
    public const int ApproximationSize = ReferenceSampler.DefaultMaxValuesPerColumn;

    public required string Name { get; init; }

    public required DriftColumnRole Role { get; init; }

    public required DriftColumnType Type { get; init; }

    /// <summary>Rows in the whole reference.</summary>
    public required long RowCount { get; init; }

    /// <summary>Rows of the whole reference without a usable value.</summary>
    public required long MissingCount { get; init; }

    /// <summary>Values in the whole reference: what Evidently's size rule looks at.</summary>
    public long ValueCount => RowCount - MissingCount;

    /// <summary>Numerical: the values compared, ascending, finite (all of them, a sample, or rebuilt from bins).</summary>
    public double[] Sorted { get; init; } = [];

    /// <summary>Numerical: <see cref="Sorted"/> is a sample of a larger reference.</summary>
    public bool Sampled { get; init; }

    /// <summary>Numerical: <see cref="Sorted"/> was rebuilt from quantile bins.</summary>
    public bool Approximated { get; init; }

    /// <summary>Numerical: the population standard deviation of the whole reference (numpy's default, as Evidently uses).</summary>
    public double PopulationStd { get; init; }

    /// <summary>Numerical: the profile's quantile cut points over the whole reference, if it came from a profile.</summary>
    public IReadOnlyList<double>? ProfileEdges { get; init; }

    /// <summary>Numerical: values per profile bin.</summary>
    public IReadOnlyList<long>? ProfileCounts { get; init; }

    /// <summary>Categorical: the known categories, most frequent first.</summary>
    public string[] Categories { get; init; } = [];

    /// <summary>Categorical: the count of each of <see cref="Categories"/>.</summary>
    public long[] CategoryCounts { get; init; } = [];

    /// <summary>Categorical: values in categories the profile did not list.</summary>
    public long OtherCount { get; init; }

    /// <summary>Categorical: distinct categories in the whole reference.</summary>
    public int DistinctCount { get; init; }

    public static ReferenceColumn FromColumn(DatasetColumn column, DriftColumnRole role)
    {
        if (ColumnValues.TypeOf(column.Kind) == DriftColumnType.Numerical)
        {
            var buffer = new double[column.Length];
            var count = ColumnValues.CopyNumbers(column, buffer, out var missing, out var invalid);
            var sorted = buffer.AsSpan(0, count).ToArray();
            Array.Sort(sorted);
            return new ReferenceColumn
            {
                Name = column.Name,
                Role = role,
                Type = DriftColumnType.Numerical,
                RowCount = column.Length,
                MissingCount = missing + invalid,
                Sorted = sorted,
                PopulationStd = PopulationStandardDeviation(sorted),
            };
        }

        var counts = ColumnValues.CountCategories(column, out var missingCategories);
        var ordered = counts.OrderByDescending(c => c.Value).ThenBy(c => c.Key, StringComparer.Ordinal).ToArray();
        return new ReferenceColumn
        {
            Name = column.Name,
            Role = role,
            Type = DriftColumnType.Categorical,
            RowCount = column.Length,
            MissingCount = missingCategories,
            Categories = [.. ordered.Select(c => c.Key)],
            CategoryCounts = [.. ordered.Select(c => c.Value)],
            DistinctCount = ordered.Length,
        };
    }

    public static ReferenceColumn FromProfile(FeatureProfile profile, DriftColumnRole role, IReadOnlyList<double>? sample)
    {
        var type = ColumnValues.TypeOf(profile.Kind);
        if (type == DriftColumnType.Categorical)
        {
            var categories = profile.Categories ?? [];
            return new ReferenceColumn
            {
                Name = profile.Name,
                Role = role,
                Type = type,
                RowCount = profile.RowCount,
                MissingCount = profile.MissingCount,
                Categories = [.. categories.Select(c => c.Value)],
                CategoryCounts = [.. categories.Select(c => c.Count)],
                OtherCount = profile.OtherCount ?? 0,
                DistinctCount = profile.DistinctCount ?? categories.Count,
            };
        }

        var values = profile.RowCount - profile.MissingCount;
        double[] sorted;
        bool approximated = false;
        if (sample is { Count: > 0 })
        {
            sorted = [.. sample.Where(double.IsFinite)];
            Array.Sort(sorted);
        }
        else if (values > 0 && profile is { Minimum: { } min, Maximum: { } max, BinEdges: { } edges, BinCounts: { } binCounts })
        {
            sorted = FromBins(min, max, edges, binCounts, (int)Math.Min(values, ApproximationSize));
            approximated = true;
        }
        else
        {
            sorted = [];
        }

        // The profile keeps the sample deviation (n − 1); Evidently divides by numpy's population one (n).
        var std = profile.StandardDeviation is { } s && values > 1 ? s * Math.Sqrt((values - 1.0) / values) : 0;
        return new ReferenceColumn
        {
            Name = profile.Name,
            Role = role,
            Type = type,
            RowCount = profile.RowCount,
            MissingCount = profile.MissingCount,
            Sorted = sorted,
            Sampled = !approximated && sorted.Length < values,
            Approximated = approximated,
            PopulationStd = std,
            ProfileEdges = profile.BinEdges,
            ProfileCounts = profile.BinCounts,
        };
    }

    /// <summary>
    /// Evenly spaced quantiles of the distribution the bins describe, values spread uniformly within each bin from the
    /// minimum to the first cut and from the last cut to the maximum: the best the bins alone can say.
    /// </summary>
    internal static double[] FromBins(double min, double max, IReadOnlyList<double> edges, IReadOnlyList<long> counts, int size)
    {
        var bounds = new double[counts.Count + 1];
        bounds[0] = min;
        for (var k = 0; k < edges.Count; k++)
        {
            bounds[k + 1] = edges[k];
        }

        bounds[^1] = max;
        double total = 0;
        foreach (var count in counts)
        {
            total += count;
        }

        var values = new double[size];
        int bin = 0;
        double below = 0;
        for (var s = 0; s < size; s++)
        {
            var target = (s + 0.5) / size * total;
            while (bin < counts.Count - 1 && below + counts[bin] <= target)
            {
                below += counts[bin];
                bin++;
            }

            var lower = Math.Max(bounds[bin], min);
            var upper = Math.Max(Math.Min(bounds[bin + 1], max), lower);
            var within = counts[bin] > 0 ? Math.Clamp((target - below) / counts[bin], 0, 1) : 0;
            values[s] = lower + ((upper - lower) * within);
        }

        return values;
    }

    internal static double PopulationStandardDeviation(ReadOnlySpan<double> values)
    {
        if (values.Length < 2)
        {
            return 0;
        }

        // Two passes: the squares of centred values do not lose the digits a single-pass sum of squares can.
        double sum = 0;
        foreach (var value in values)
        {
            sum += value;
        }

        var mean = sum / values.Length;
        double squares = 0;
        foreach (var value in values)
        {
            var centred = value - mean;
            squares += centred * centred;
        }

        return Math.Sqrt(squares / values.Length);
    }
}
