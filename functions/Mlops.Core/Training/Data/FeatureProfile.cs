namespace Mlops.Core.Training.Data;

/// <summary>
/// Baseline statistics of one column, stored with the model version and compared against live data by drift
/// monitoring. Numeric and timestamp columns (timestamps as Unix seconds) carry <see cref="Minimum"/> to
/// <see cref="StandardDeviation"/> and quantile bins; categorical and boolean columns carry category frequencies.
/// Statistics over no values are null.
/// </summary>
/// <param name="Name">The column name.</param>
/// <param name="Kind">The column kind.</param>
/// <param name="Role">Feature or label.</param>
/// <param name="RowCount">Rows profiled.</param>
/// <param name="MissingCount">Rows without a value.</param>
/// <param name="MissingRate"><paramref name="MissingCount"/> over <paramref name="RowCount"/>.</param>
/// <param name="Minimum">The smallest value.</param>
/// <param name="Maximum">The largest value.</param>
/// <param name="Mean">The mean.</param>
/// <param name="StandardDeviation">The sample standard deviation (n − 1), as pandas computes it; null under two values.</param>
/// <param name="BinEdges">Interior cut points, strictly increasing: the reference quantiles at 1/n … (n−1)/n
/// (linear interpolation, numpy's default), with repeats and cuts at the minimum dropped. With k cut points there are
/// k + 1 bins, each closed on the left: (−∞, e₀), [e₀, e₁), …, [eₖ₋₁, +∞); see <see cref="BinIndex"/>.</param>
/// <param name="BinCounts">Values per bin, <c>BinEdges.Count + 1</c> of them.</param>
/// <param name="Categories">The most frequent categories, most frequent first (ties by ordinal order).</param>
/// <param name="OtherCount">Values in categories beyond <paramref name="Categories"/>.</param>
/// <param name="DistinctCount">Distinct categories present.</param>
public sealed record FeatureProfile(
    string Name,
    ColumnKind Kind,
    ColumnRole Role,
    long RowCount,
    long MissingCount,
    double MissingRate,
    double? Minimum = null,
    double? Maximum = null,
    double? Mean = null,
    double? StandardDeviation = null,
    IReadOnlyList<double>? BinEdges = null,
    IReadOnlyList<long>? BinCounts = null,
    IReadOnlyList<CategoryFrequency>? Categories = null,
    long? OtherCount = null,
    int? DistinctCount = null)
{
    /// <summary>
    /// The bin a value falls in: the number of <see cref="BinEdges"/> at or below it. Values beyond the reference range
    /// land in the outer bins, so live data is binned exactly as the reference was.
    /// </summary>
    public int BinIndex(double value)
    {
        if (BinEdges is null)
        {
            throw new InvalidOperationException($"Column '{Name}' is {Kind} and has no bins.");
        }

        int low = 0, high = BinEdges.Count;
        while (low < high)
        {
            var middle = (low + high) / 2;
            if (BinEdges[middle] <= value)
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
}
