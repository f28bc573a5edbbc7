namespace Mlops.Core.Features.PointInTime;

/// <summary>
/// One view's feature rows grouped by entity and sorted by event time, to answer "which row holds the entity's values
/// as of time t" for many entity rows. Built in O(n) plus a sort of each entity's own rows (a counting sort by entity,
/// so no global sort of n rows); each lookup is a hash probe and a binary search within one entity's rows.
/// </summary>
/// <remarks>
/// Semantics (Feast's): a feature row applies to an entity row when its event time is at or before the row's time
/// (equal times included: the value was known at that instant) and, with a TTL, no older than the row's time minus
/// the TTL (the boundary included). A feature row after the row's time is never used, so nothing leaks from the
/// future. Among feature rows of one entity with the same event time, the last one given wins (it was written last).
/// Rows without a key or time are skipped.
/// </remarks>
internal sealed class AsOfIndex
{
    private readonly Dictionary<string, int> _entities;
    private readonly int[] _starts;
    private readonly long[] _times;
    private readonly int[] _rows;

    private AsOfIndex(Dictionary<string, int> entities, int[] starts, long[] times, int[] rows)
    {
        _entities = entities;
        _starts = starts;
        _times = times;
        _rows = rows;
    }

    /// <summary>The number of distinct entities with at least one feature row.</summary>
    public int EntityCount => _entities.Count;

    /// <summary>Indexes feature rows by entity key (composite keys already joined, see <see cref="EntityKeys"/>) and event time (UTC ticks).</summary>
    public static AsOfIndex Build(ReadOnlySpan<string?> keys, ReadOnlySpan<long> eventTicks)
    {
        if (keys.Length != eventTicks.Length)
        {
            throw new ArgumentException($"{keys.Length} keys but {eventTicks.Length} event times.", nameof(eventTicks));
        }

        var entities = new Dictionary<string, int>(StringComparer.Ordinal);
        var ids = new int[keys.Length];
        var counts = new List<int>();
        for (var i = 0; i < keys.Length; i++)
        {
            if (keys[i] is not { } key || eventTicks[i] == long.MinValue)
            {
                ids[i] = -1;
                continue;
            }

            if (!entities.TryGetValue(key, out var id))
            {
                id = entities.Count;
                entities.Add(key, id);
                counts.Add(0);
            }

            ids[i] = id;
            counts[id]++;
        }

        // Counting sort by entity: stable, so rows keep their given order within an entity until the time sort.
        var starts = new int[entities.Count + 1];
        for (var id = 0; id < counts.Count; id++)
        {
            starts[id + 1] = starts[id] + counts[id];
        }

        var next = starts[..^1];
        var rows = new int[starts[^1]];
        var times = new long[rows.Length];
        for (var i = 0; i < ids.Length; i++)
        {
            if (ids[i] >= 0)
            {
                var slot = next[ids[i]]++;
                rows[slot] = i;
                times[slot] = eventTicks[i];
            }
        }

        for (var id = 0; id < entities.Count; id++)
        {
            SortEntity(times, rows, starts[id], starts[id + 1] - starts[id]);
        }

        return new AsOfIndex(entities, starts, times, rows);
    }

    /// <summary>
    /// The feature row applying to each entity row at its time. <paramref name="ttlTicks"/> of zero or less means no
    /// TTL; entity rows without a key or a time (<see cref="long.MinValue"/>) are <see cref="FeatureStatus.NotFound"/>.
    /// </summary>
    public AsOfMatch Match(ReadOnlySpan<string?> entityKeys, ReadOnlySpan<long> entityTicks, long ttlTicks)
    {
        if (entityKeys.Length != entityTicks.Length)
        {
            throw new ArgumentException($"{entityKeys.Length} keys but {entityTicks.Length} times.", nameof(entityTicks));
        }

        var rows = new int[entityKeys.Length];
        var statuses = new FeatureStatus[entityKeys.Length];
        Array.Fill(statuses, FeatureStatus.NotFound);
        string? lastKey = null;
        var lastId = -1;
        for (var r = 0; r < entityKeys.Length; r++)
        {
            rows[r] = -1;
            var key = entityKeys[r];
            var t = entityTicks[r];
            if (key is null || t == long.MinValue)
            {
                continue;
            }

            // Entity rows often come grouped by entity: skip the hash probe when the key repeats.
            if (!ReferenceEquals(key, lastKey) && !string.Equals(key, lastKey, StringComparison.Ordinal))
            {
                lastKey = key;
                lastId = _entities.TryGetValue(key, out var id) ? id : -1;
            }

            if (lastId < 0)
            {
                continue;
            }

            var position = LastAtOrBefore(_times, _starts[lastId], _starts[lastId + 1], t);
            if (position < 0)
            {
                continue;
            }

            if (ttlTicks > 0 && t - _times[position] > ttlTicks)
            {
                statuses[r] = FeatureStatus.OutsideMaxAge;
                continue;
            }

            rows[r] = _rows[position];
            statuses[r] = FeatureStatus.Present;
        }

        return new AsOfMatch(rows, statuses);
    }

    // The last position in [start, end) whose time is <= t, or -1.
    private static int LastAtOrBefore(long[] times, int start, int end, long t)
    {
        var lo = start;
        var hi = end;
        while (lo < hi)
        {
            var mid = (int)((uint)(lo + hi) >> 1);
            if (times[mid] <= t)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }

        return lo - 1 >= start ? lo - 1 : -1;
    }

    // Sorts one entity's rows by time; equal times by row index, so the last given row is the last position.
    private static void SortEntity(long[] times, int[] rows, int start, int length)
    {
        if (length < 2)
        {
            return;
        }

        var sorted = true;
        for (var i = start + 1; i < start + length; i++)
        {
            if (times[i] < times[i - 1])
            {
                sorted = false;
                break;
            }
        }

        if (!sorted)
        {
            Array.Sort(times, rows, start, length);
        }

        // The introsort is not stable: order each run of equal times by row index.
        var runStart = start;
        for (var i = start + 1; i <= start + length; i++)
        {
            if (i == start + length || times[i] != times[runStart])
            {
                if (i - runStart > 1)
                {
                    Array.Sort(rows, runStart, i - runStart);
                }

                runStart = i;
            }
        }
    }
}
