using BenchmarkDotNet.Attributes;
using Mlops.Core.Features;
using Mlops.Core.Features.PointInTime;

namespace Mlops.Benchmarks;

/// <summary>
/// Issue 6's point-in-time join goal (at most 5 s): 1,000,000 entity rows (label rows of 100,000 customers at random
/// times over a year) joined with 10 features from two views of 1,000,000 feature rows each (5 features apiece, TTLs
/// of 30 and 7 days), in memory: index each view, match every entity row, gather the 10 output columns. Reading the
/// offline store's Parquet is not included (it is the offline store's cost, measured with materialization).
/// </summary>
[MemoryDiagnoser]
public class PointInTimeJoinBenchmarks
{
    private const int Entities = 100_000;
    private const int EntityRows = 1_000_000;
    private const int FeatureRowsPerView = 1_000_000;
    private static readonly DateTimeOffset Start = new(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private EntityFrame? _entities;
    private ViewSelection[] _views = [];

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(42);
        var keys = Enumerable.Range(0, Entities).Select(i => $"customer-{i:D6}").ToArray();
        var entityKeys = new string?[EntityRows];
        var entityTicks = new long[EntityRows];
        for (var r = 0; r < EntityRows; r++)
        {
            entityKeys[r] = keys[random.Next(Entities)];
            entityTicks[r] = Start.AddSeconds(random.Next(365 * 24 * 3600)).UtcTicks;
        }

        _entities = new EntityFrame(new Dictionary<string, string?[]> { ["customer_id"] = entityKeys }, entityTicks);
        _views =
        [
            View(random, keys, "customer_stats", TimeSpan.FromDays(30)),
            View(random, keys, "customer_activity", TimeSpan.FromDays(7)),
        ];
    }

    /// <summary>The whole join: both views, all 10 features, 1,000,000 rows out.</summary>
    [Benchmark]
    public int Join()
    {
        var joined = PointInTimeJoin.Join(_entities!, _views);
        return joined.Sum(v => v.Present);
    }

    private static ViewSelection View(Random random, string[] keys, string name, TimeSpan ttl)
    {
        var entityColumn = new string[FeatureRowsPerView];
        var times = new DateTimeOffset[FeatureRowsPerView];
        for (var i = 0; i < FeatureRowsPerView; i++)
        {
            entityColumn[i] = keys[random.Next(keys.Length)];
            times[i] = Start.AddSeconds(random.Next(365 * 24 * 3600));
        }

        var features = Enumerable.Range(0, 5).Select(f =>
        {
            var values = new double[FeatureRowsPerView];
            for (var i = 0; i < values.Length; i++)
            {
                values[i] = random.NextDouble();
            }

            return FeatureColumn.FromNumbers($"{name}_f{f}", values);
        }).ToArray();
        var frame = new FeatureFrame(["customer_id"], [entityColumn], times, features);
        var names = features.Select(f => f.Name).ToArray();
        return new ViewSelection(name, frame, ttl, names, names);
    }
}
