namespace Mlops.Core.Features.PointInTime;

/// <summary>The entity rows of a point-in-time join: key columns by name and each row's time.</summary>
/// <param name="KeyColumns">Text key columns by entity-key name (null = missing); every view's keys must be among them.</param>
/// <param name="Ticks">Each row's time as UTC ticks (<see cref="long.MinValue"/> = missing: such rows get no values).</param>
internal sealed record EntityFrame(IReadOnlyDictionary<string, string?[]> KeyColumns, long[] Ticks)
{
    public int RowCount => Ticks.Length;
}
