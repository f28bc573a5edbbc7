using MathNet.Numerics.Statistics;

namespace Mlops.Core.Training.Data;

/// <summary>Computes the baseline <see cref="DatasetProfile"/> of a data set, for storing with a model version.</summary>
public static class DatasetProfiler
{
    /// <summary>Quantile bins per numeric column: 10, the common default for PSI.</summary>
    public const int DefaultBins = 10;

    /// <summary>Categories kept per column before the rest are counted as other.</summary>
    public const int DefaultTopCategories = 20;

    /// <summary>Profiles every feature and the label of <paramref name="data"/>.</summary>
    /// <param name="data">The data set.</param>
    /// <param name="bins">Quantile bins per numeric column (2 or more).</param>
    /// <param name="topCategories">Categories kept per column (1 or more).</param>
    /// <param name="dataDigest">The data file's SHA-256, recorded in the profile.</param>
    public static DatasetProfile Profile(TabularDataset data, int bins = DefaultBins, int topCategories = DefaultTopCategories, string? dataDigest = null)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentOutOfRangeException.ThrowIfLessThan(bins, 2);
        ArgumentOutOfRangeException.ThrowIfLessThan(topCategories, 1);
        var columns = data.Label is { } label ? [.. data.Features, label] : data.Features;
        var profiles = columns
            .Select(c => ProfileColumn(c, data.Schema.Find(c.Name)!.Role, bins, topCategories))
            .ToList();
        return new DatasetProfile(data.RowCount, profiles, dataDigest);
    }

    /// <summary>Profiles one column.</summary>
    public static FeatureProfile ProfileColumn(DatasetColumn column, ColumnRole role, int bins = DefaultBins, int topCategories = DefaultTopCategories)
    {
        ArgumentNullException.ThrowIfNull(column);
        ArgumentOutOfRangeException.ThrowIfLessThan(bins, 2);
        ArgumentOutOfRangeException.ThrowIfLessThan(topCategories, 1);
        var missing = column.CountMissing();
        var profile = new FeatureProfile(column.Name, column.Kind, role, column.Length, missing, column.Length == 0 ? 0 : (double)missing / column.Length);
        return column switch
        {
            NumericColumn numeric => WithNumbers(profile, numeric.Values.ToArray(), bins),
            TimestampColumn timestamp => WithNumbers(
                profile,
                [.. timestamp.Values.ToArray().OfType<DateTimeOffset>().Select(t => t.ToUnixTimeMilliseconds() / 1000.0)],
                bins),
            _ => WithCategories(profile, column, topCategories),
        };
    }

    private static FeatureProfile WithNumbers(FeatureProfile profile, double[] values, int bins)
    {
        var sorted = values.Where(v => !double.IsNaN(v)).ToArray();
        if (sorted.Length == 0)
        {
            return profile;
        }

        Array.Sort(sorted);
        var (mean, std) = ArrayStatistics.MeanStandardDeviation(sorted);
        var min = sorted[0];
        var edges = new List<double>(bins - 1);
        for (var k = 1; k < bins; k++)
        {
            var edge = SortedArrayStatistics.QuantileCustom(sorted, (double)k / bins, QuantileDefinition.R7);

            // A cut at the minimum would leave the first bin empty; repeated cuts (discrete data) add nothing.
            if (edge > min && (edges.Count == 0 || edge > edges[^1]))
            {
                edges.Add(edge);
            }
        }

        var counts = new long[edges.Count + 1];
        var withEdges = profile with { BinEdges = edges };
        foreach (var value in sorted)
        {
            counts[withEdges.BinIndex(value)]++;
        }

        return withEdges with
        {
            Minimum = min,
            Maximum = sorted[^1],
            Mean = mean,
            StandardDeviation = sorted.Length < 2 ? null : std,
            BinCounts = counts,
        };
    }

    private static FeatureProfile WithCategories(FeatureProfile profile, DatasetColumn column, int topCategories)
    {
        var counts = new Dictionary<string, long>(StringComparer.Ordinal);
        for (var row = 0; row < column.Length; row++)
        {
            if (column.FormatValue(row) is { } value)
            {
                counts[value] = counts.GetValueOrDefault(value) + 1;
            }
        }

        var ordered = counts.OrderByDescending(c => c.Value).ThenBy(c => c.Key, StringComparer.Ordinal).ToList();
        return profile with
        {
            Categories = [.. ordered.Take(topCategories).Select(c => new CategoryFrequency(c.Key, c.Value))],
            OtherCount = ordered.Skip(topCategories).Sum(c => c.Value),
            DistinctCount = counts.Count,
        };
    }
}
