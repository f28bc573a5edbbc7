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
            var variance = profile.StandardDeviation is { } deviation && values > 1 ? deviation * deviation * (values - 1.0) / values : (double?)null;
            sorted = FromBins(min, max, edges, binCounts, profile.Mean, variance, (int)Math.Min(values, ApproximationSize));
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
    /// Evenly spaced quantiles of the distribution the bins describe: values spread uniformly within each bin. The two
    /// outer bins reach from a cut towards the minimum or maximum, where the data usually thins out, so spreading
    /// them over the whole way would push the tails out too far (a normal column's would move by about a standard
    /// deviation, enough for a false Wasserstein drift). Instead each outer bin gets the width, within its range,
    /// that makes the rebuilt values' mean and variance those of the profile.
    /// </summary>
    internal static double[] FromBins(double min, double max, IReadOnlyList<double> edges, IReadOnlyList<long> counts, double? mean, double? variance, int size)
    {
        var bins = counts.Count;
        var lower = new double[bins];
        var upper = new double[bins];
        for (var k = 0; k < bins; k++)
        {
            lower[k] = k == 0 ? min : edges[k - 1];
            upper[k] = k == bins - 1 ? max : edges[k];
        }

        if (bins >= 2 && mean is { } mu && variance is { } sigma2)
        {
            (lower[0], upper[^1]) = FitTails(lower, upper, counts, mu, sigma2);
        }

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
            while (bin < bins - 1 && below + counts[bin] <= target)
            {
                below += counts[bin];
                bin++;
            }

            var within = counts[bin] > 0 ? Math.Clamp((target - below) / counts[bin], 0, 1) : 0;
            values[s] = lower[bin] + ((upper[bin] - lower[bin]) * within);
        }

        return values;
    }

    /// <summary>
    /// The outer ends (left of bin 0, right of the last bin) whose uniform spread matches the mean and variance: the
    /// mean fixes the right width for each left width, and a scan over left widths picks the best second moment.
    /// </summary>
    private static (double Left, double Right) FitTails(double[] lower, double[] upper, IReadOnlyList<long> counts, double mean, double variance)
    {
        int last = counts.Count - 1;
        double n = 0, inner1 = 0, inner2 = 0;
        for (var k = 0; k < counts.Count; k++)
        {
            n += counts[k];
            if (k > 0 && k < last)
            {
                var middle = (lower[k] + upper[k]) / 2;
                var width = upper[k] - lower[k];
                inner1 += counts[k] * middle;
                inner2 += counts[k] * ((middle * middle) + (width * width / 12));
            }
        }

        double cLeft = counts[0], cRight = counts[last], leftCut = upper[0], rightCut = lower[last];
        double maxLeft = leftCut - lower[0], maxRight = upper[last] - rightCut;
        if (cLeft == 0 || cRight == 0 || n == 0)
        {
            return (lower[0], upper[last]);
        }

        var target1 = (n * mean) - inner1;
        var target2 = (n * (variance + (mean * mean))) - inner2;
        double bestLeft = maxLeft, bestRight = maxRight, bestError = double.PositiveInfinity;
        const int steps = 2000;
        for (var step = 0; step <= steps; step++)
        {
            var a = maxLeft * step / steps;
            var b = Math.Clamp(2 * (((target1 - (cLeft * (leftCut - (a / 2)))) / cRight) - rightCut), 0, maxRight);
            double leftMiddle = leftCut - (a / 2), rightMiddle = rightCut + (b / 2);
            var first = (cLeft * leftMiddle) + (cRight * rightMiddle) - target1;
            var second = (cLeft * ((leftMiddle * leftMiddle) + (a * a / 12))) + (cRight * ((rightMiddle * rightMiddle) + (b * b / 12))) - target2;
            var error = (first * first * variance) + (second * second);
            if (error < bestError)
            {
                (bestError, bestLeft, bestRight) = (error, a, b);
            }
        }

        return (leftCut - bestLeft, rightCut + bestRight);
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
