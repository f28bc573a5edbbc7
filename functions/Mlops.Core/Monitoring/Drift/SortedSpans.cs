namespace Mlops.Core.Monitoring.Drift;

/// <summary>Counting and binning over ascending spans, by binary search rather than by scanning.</summary>
internal static class SortedSpans
{
    /// <summary>The index of the first value ≥ <paramref name="value"/> (the count of values below it).</summary>
    public static int LowerBound(ReadOnlySpan<double> sorted, double value)
    {
        int low = 0, high = sorted.Length;
        while (low < high)
        {
            var middle = (int)((uint)(low + high) >> 1);
            if (sorted[middle] < value)
            {
                low = middle + 1;
            }
            else
            {
                high = middle;
            }
        }

        return low;
    }

    /// <summary>
    /// Counts per bin of interior cut points, bins closed on the left: (−∞, e₀), [e₀, e₁), …, [eₖ₋₁, +∞), the bins
    /// of <see cref="Training.Data.FeatureProfile.BinIndex"/>.
    /// </summary>
    public static double[] CountByCuts(ReadOnlySpan<double> sorted, IReadOnlyList<double> cuts)
    {
        var counts = new double[cuts.Count + 1];
        var below = 0;
        for (var k = 0; k < cuts.Count; k++)
        {
            var upTo = LowerBound(sorted, cuts[k]);
            counts[k] = upTo - below;
            below = upTo;
        }

        counts[^1] = sorted.Length - below;
        return counts;
    }

    /// <summary>
    /// Counts per bin of full edges e₀ … eₖ as numpy's <c>histogram</c> does: [eᵢ, eᵢ₊₁), the last bin closed, values
    /// outside the edges not counted.
    /// </summary>
    public static double[] CountByEdges(ReadOnlySpan<double> sorted, ReadOnlySpan<double> edges)
    {
        var counts = new double[edges.Length - 1];
        var below = LowerBound(sorted, edges[0]);
        for (var k = 1; k < edges.Length; k++)
        {
            var upTo = k == edges.Length - 1 ? UpperBound(sorted, edges[k]) : LowerBound(sorted, edges[k]);
            counts[k - 1] = upTo - below;
            below = upTo;
        }

        return counts;
    }

    /// <summary>The index of the first value &gt; <paramref name="value"/>.</summary>
    public static int UpperBound(ReadOnlySpan<double> sorted, double value)
    {
        int low = 0, high = sorted.Length;
        while (low < high)
        {
            var middle = (int)((uint)(low + high) >> 1);
            if (sorted[middle] <= value)
            {
                low = middle + 1;
            }
            else
            {
                high = middle;
            }
        }

        return low;
    }

    /// <summary>numpy's <c>histogram_bin_edges(values, bins)</c>: equal widths over [min, max], or [v − 0.5, v + 0.5] when all values are v.</summary>
    public static double[] EqualWidthEdges(double min, double max, int bins)
    {
        if (!(max > min))
        {
            min -= 0.5;
            max += 0.5;
        }

        var edges = new double[bins + 1];
        for (var k = 0; k <= bins; k++)
        {
            edges[k] = min + ((max - min) * k / bins);
        }

        edges[^1] = max;
        return edges;
    }

    /// <summary>Distinct values in both spans together, counting no further than <paramref name="cap"/>.</summary>
    public static int CountDistinct(ReadOnlySpan<double> a, ReadOnlySpan<double> b, int cap)
    {
        int i = 0, j = 0, distinct = 0;
        while ((i < a.Length || j < b.Length) && distinct < cap)
        {
            var value = i == a.Length ? b[j] : j == b.Length ? a[i] : Math.Min(a[i], b[j]);
            distinct++;

            // Runs are skipped by binary search: a column of a few repeated values costs a few searches, not a scan.
            i += UpperBound(a[i..], value);
            j += UpperBound(b[j..], value);
        }

        return distinct;
    }

    /// <summary>The distinct values of both spans, ascending, with each side's count of each.</summary>
    public static (double[] Values, double[] CountsA, double[] CountsB) CountByValue(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        var values = new List<double>();
        var countsA = new List<double>();
        var countsB = new List<double>();
        int i = 0, j = 0;
        while (i < a.Length || j < b.Length)
        {
            var value = i == a.Length ? b[j] : j == b.Length ? a[i] : Math.Min(a[i], b[j]);
            var runA = UpperBound(a[i..], value);
            var runB = UpperBound(b[j..], value);
            values.Add(value);
            countsA.Add(runA);
            countsB.Add(runB);
            i += runA;
            j += runB;
        }

        return ([.. values], [.. countsA], [.. countsB]);
    }
}
