using Mlops.Core.Diagnostics;
using Mlops.Core.Features;
using Mlops.Core.Features.PointInTime;

namespace Mlops.Core.Tests.Features;

public sealed class PointInTimeJoinTests
{
    private static readonly DateTimeOffset T0 = new(2025, 6, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Join_FeatureRowAfterEntityTime_IsNeverUsed()
    {
        // c1 has a value at 10:00 and a later one at 12:00; the row at 11:00 must see the 10:00 value only.
        var frame = Frame(("c1", T0.AddHours(10), 1.0), ("c1", T0.AddHours(12), 2.0));
        var entities = Entities(("c1", T0.AddHours(11)), ("c1", T0.AddHours(9)), ("c1", T0.AddHours(13)));

        var joined = PointInTimeJoin.JoinView(entities, Select(frame, "value"));

        Assert.Equal([1.0, double.NaN, 2.0], joined.Columns[0].Numbers!);
        Assert.Equal(2, joined.Present);
        Assert.Equal(1, joined.NotFound);
    }

    [Fact]
    public void Join_EqualTimestamps_UsesTheValueKnownAtThatInstant()
    {
        var frame = Frame(("c1", T0, 5.0));

        var joined = PointInTimeJoin.JoinView(Entities(("c1", T0), ("c1", T0.AddTicks(-1))), Select(frame, "value"));

        Assert.Equal(5.0, joined.Columns[0].Numbers![0]);
        Assert.True(double.IsNaN(joined.Columns[0].Numbers![1]));
    }

    [Fact]
    public void Join_SeveralRowsAtTheSameEventTime_TakesTheLastGiven()
    {
        var frame = Frame(("c1", T0, 1.0), ("c1", T0.AddHours(-1), 0.5), ("c1", T0, 2.0), ("c1", T0, 3.0));

        var joined = PointInTimeJoin.JoinView(Entities(("c1", T0.AddHours(1))), Select(frame, "value"));

        Assert.Equal(3.0, joined.Columns[0].Numbers![0]);
    }

    [Fact]
    public void Join_TtlBoundary_IsInclusiveAndOneTickBeyondIsOutsideMaxAge()
    {
        var ttl = TimeSpan.FromHours(2);
        var frame = Frame(("c1", T0, 7.0));
        var entities = Entities(("c1", T0 + ttl), ("c1", T0 + ttl + TimeSpan.FromTicks(1)));

        var match = Match(entities, frame, ttl);
        var joined = PointInTimeJoin.JoinView(entities, Select(frame, "value", ttl));

        Assert.Equal([FeatureStatus.Present, FeatureStatus.OutsideMaxAge], match.Statuses);
        Assert.Equal(7.0, joined.Columns[0].Numbers![0]);
        Assert.True(double.IsNaN(joined.Columns[0].Numbers![1]));
        Assert.Equal(1, joined.OutsideMaxAge);
    }

    [Fact]
    public void Join_OlderRowWithinTtlIsNotResurrectedWhenTheLatestIsStale()
    {
        // Only the latest row at or before the time counts; with a TTL it either is fresh enough or the row gets nothing.
        var frame = Frame(("c1", T0, 1.0), ("c1", T0.AddHours(5), 2.0));

        var match = Match(Entities(("c1", T0.AddHours(7))), frame, TimeSpan.FromHours(1));

        Assert.Equal(FeatureStatus.OutsideMaxAge, match.Statuses[0]);
        Assert.Equal(-1, match.Rows[0]);
    }

    [Fact]
    public void Join_MissingEntitiesKeysAndTimes_AreNotFound()
    {
        var frame = Frame(("c1", T0, 1.0));
        var entities = new EntityFrame(
            new Dictionary<string, string?[]> { ["customer_id"] = ["c2", null, "c1"] },
            [T0.AddDays(1).UtcTicks, T0.AddDays(1).UtcTicks, long.MinValue]);

        var match = Match(entities, frame);

        Assert.All(match.Statuses, s => Assert.Equal(FeatureStatus.NotFound, s));
        Assert.All(match.Rows, r => Assert.Equal(-1, r));
    }

    [Fact]
    public void Join_SeveralViewsWithDifferentKeysAndTtls_JoinEachIndependently()
    {
        var customers = Frame(("c1", T0, 10.0), ("c2", T0.AddDays(-3), 20.0));
        var drivers = new FeatureFrame(
            ["driver_id", "city"],
            [["d1", "d1", "d1"], ["paris", "rome", "paris"]],
            [T0, T0, T0.AddHours(2)],
            [FeatureColumn.FromNumbers("trips", [1, 2, 3]), FeatureColumn.FromTexts("grade", ["a", "b", "c"])]);
        var entities = new EntityFrame(
            new Dictionary<string, string?[]>
            {
                ["customer_id"] = ["c1", "c2", "c1"],
                ["driver_id"] = ["d1", "d1", "d1"],
                ["city"] = ["paris", "rome", "rome"],
            },
            [T0.AddHours(1).UtcTicks, T0.AddHours(1).UtcTicks, T0.AddHours(3).UtcTicks]);

        var joined = PointInTimeJoin.Join(entities, [
            Select(customers, "value", TimeSpan.FromDays(1)),
            new ViewSelection("driver_stats", drivers, TimeSpan.Zero, ["trips", "grade"], ["trips", "grade"]),
        ]);

        Assert.Equal([10.0, double.NaN, 10.0], joined[0].Columns[0].Numbers!);
        Assert.Equal(1, joined[0].OutsideMaxAge);
        Assert.Equal([1.0, 2.0, 2.0], joined[1].Columns[0].Numbers!);
        Assert.Equal(new string?[] { "a", "b", "b" }.AsEnumerable(), joined[1].Columns[1].Texts!);
    }

    [Fact]
    public void Join_EntityRowsLackingAViewKey_Is400NamingEntities()
    {
        var frame = Frame(("c1", T0, 1.0));
        var entities = new EntityFrame(new Dictionary<string, string?[]> { ["driver_id"] = ["d1"] }, [T0.UtcTicks]);

        var ex = Assert.Throws<MlopsException>(() => Match(entities, frame));

        Assert.Equal(ErrorCategory.Validation, ex.Category);
        Assert.Equal("entities", ex.Field);
        Assert.Contains("customer_id", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(1, 0)]
    [InlineData(2, 30)]
    [InlineData(3, 5)]
    public void Join_RandomData_MatchesABruteForceAsOfAndNeverLeaks(int seed, int ttlMinutes)
    {
        var random = new Random(seed);
        var keys = Enumerable.Range(0, 20).Select(i => $"e{i}").ToArray();
        var featureCount = 2_000;
        var featureKeys = new string[featureCount];
        var featureTicks = new long[featureCount];
        var values = new double[featureCount];
        for (var i = 0; i < featureCount; i++)
        {
            featureKeys[i] = keys[random.Next(keys.Length)];
            // Coarse times (whole minutes over 2 days) so that equal event times and equal entity times are common.
            featureTicks[i] = T0.AddMinutes(random.Next(2 * 24 * 60)).UtcTicks;
            values[i] = i;
        }

        var entityCount = 3_000;
        var entityKeys = new string?[entityCount];
        var entityTicks = new long[entityCount];
        for (var r = 0; r < entityCount; r++)
        {
            entityKeys[r] = random.Next(30) == 0 ? "unknown" : keys[random.Next(keys.Length)];
            entityTicks[r] = T0.AddMinutes(random.Next(-60, (2 * 24 * 60) + 60)).UtcTicks;
        }

        var ttl = TimeSpan.FromMinutes(ttlMinutes);
        var frame = new FeatureFrame(["k"], [featureKeys], featureTicks.Select(t => new DateTimeOffset(t, TimeSpan.Zero)).ToArray(), [FeatureColumn.FromNumbers("x", values)]);
        var match = PointInTimeJoin.Match(new EntityFrame(new Dictionary<string, string?[]> { ["k"] = entityKeys }, entityTicks), "v", frame, ttl);

        for (var r = 0; r < entityCount; r++)
        {
            var expected = BruteForce(entityKeys[r], entityTicks[r], featureKeys, featureTicks, ttl.Ticks);
            Assert.Equal(expected, match.Rows[r]);
            if (match.Rows[r] >= 0)
            {
                var featureTime = featureTicks[match.Rows[r]];
                Assert.True(featureTime <= entityTicks[r], $"row {r} got a value from the future");
                Assert.True(ttl <= TimeSpan.Zero || entityTicks[r] - featureTime <= ttl.Ticks, $"row {r} got a value older than the TTL");
            }
        }

        Assert.Contains(FeatureStatus.Present, match.Statuses);
        Assert.Contains(FeatureStatus.NotFound, match.Statuses);
        Assert.Equal(ttlMinutes > 0, match.Statuses.Contains(FeatureStatus.OutsideMaxAge));
    }

    // The definition, directly: the latest row of the entity at or before t (the last given among equal times),
    // and nothing when that row is older than the TTL.
    private static int BruteForce(string? key, long t, string[] keys, long[] ticks, long ttl)
    {
        var best = -1;
        for (var i = 0; i < keys.Length; i++)
        {
            if (keys[i] == key && ticks[i] <= t && (best < 0 || ticks[i] >= ticks[best]))
            {
                best = i;
            }
        }

        return best >= 0 && ttl > 0 && t - ticks[best] > ttl ? -1 : best;
    }

    private static FeatureFrame Frame(params (string Key, DateTimeOffset Time, double Value)[] rows) =>
        new(["customer_id"], [rows.Select(r => r.Key).ToArray()], rows.Select(r => r.Time).ToArray(),
            [FeatureColumn.FromNumbers("value", rows.Select(r => r.Value).ToArray())]);

    private static AsOfMatch Match(EntityFrame entities, FeatureFrame frame, TimeSpan? ttl = null) =>
        PointInTimeJoin.Match(entities, "stats", frame, ttl ?? TimeSpan.Zero);

    private static EntityFrame Entities(params (string Key, DateTimeOffset Time)[] rows) =>
        new(new Dictionary<string, string?[]> { ["customer_id"] = rows.Select(r => (string?)r.Key).ToArray() }, rows.Select(r => r.Time.UtcTicks).ToArray());

    private static ViewSelection Select(FeatureFrame frame, string feature, TimeSpan? ttl = null) => new("stats", frame, ttl ?? TimeSpan.Zero, [feature], [feature]);
}
