namespace Mlops.Core.Features.PointInTime;

/// <summary>
/// The as-of match of one view for every entity row: the feature row whose values apply (-1 when none) and why.
/// Values are gathered from the view's columns by <see cref="Rows"/>, whatever their type.
/// </summary>
/// <param name="Rows">Per entity row, the index of the matching feature row, or -1.</param>
/// <param name="Statuses">Per entity row, <see cref="FeatureStatus.Present"/> exactly where <see cref="Rows"/> is not -1.</param>
internal sealed record AsOfMatch(int[] Rows, FeatureStatus[] Statuses)
{
    public int Count(FeatureStatus status)
    {
        var count = 0;
        foreach (var s in Statuses)
        {
            if (s == status)
            {
                count++;
            }
        }

        return count;
    }
}
