namespace Mlops.Core.Features.PointInTime;

/// <summary>One view's feature rows as the join reads them: entity keys, event times and the wanted feature columns.</summary>
/// <param name="View">The view's name.</param>
/// <param name="KeyNames">The view's entity keys, in its order.</param>
/// <param name="KeyColumns">One text column per entry of <paramref name="KeyNames"/> (null = missing).</param>
/// <param name="EventTicks">The event time of each row as UTC ticks (<see cref="long.MinValue"/> = missing).</param>
/// <param name="Ttl">How long a value stays valid after its event time; null or zero = forever.</param>
/// <param name="Columns">The feature columns, each as long as <paramref name="EventTicks"/>.</param>
internal sealed record FeatureFrame(
    string View,
    IReadOnlyList<string> KeyNames,
    IReadOnlyList<string?[]> KeyColumns,
    long[] EventTicks,
    TimeSpan? Ttl,
    IReadOnlyList<FrameColumn> Columns)
{
    public FrameColumn GetColumn(string name) =>
        Columns.FirstOrDefault(c => string.Equals(c.Name, name, StringComparison.Ordinal))
        ?? throw new KeyNotFoundException($"View '{View}' has no loaded column '{name}'.");
}
