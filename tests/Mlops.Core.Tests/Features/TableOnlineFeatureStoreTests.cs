using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Mlops.Core.Diagnostics;
using Mlops.Core.Features;
using Mlops.Core.Tests.Infrastructure;

namespace Mlops.Core.Tests.Features;

public sealed class TableOnlineFeatureStoreTests
{
    private static readonly DateTimeOffset T0 = FeatureTestData.Day0;

    private static FeatureFrame Frame(params (string Key, DateTimeOffset Time, double Trips, string? City)[] rows) => new(
        ["driver_id"],
        [rows.Select(r => r.Key).ToArray()],
        rows.Select(r => r.Time).ToArray(),
        [
            FeatureColumn.FromNumbers("trips", rows.Select(r => r.Trips).ToArray()),
            FeatureColumn.FromTexts("city", rows.Select(r => r.City).ToArray()),
        ]);

    private static async Task<(CoreHost Host, FeatureView View, IOnlineFeatureStore Store, FakeTimeProvider Clock)> StartAsync(string ttl = "1d")
    {
        var clock = new FakeTimeProvider(T0.AddHours(12));
        var host = await CoreHost.StartAsync(configureServices: s => s.AddSingleton<TimeProvider>(clock));
        var definition = FeatureTestData.Drivers(FeatureTestData.NewViewName(), ttl) with
        {
            Features = [new FeatureDefinition("trips"), new FeatureDefinition("city", Type: FeatureValueType.Text)],
        };
        var view = await host.Services.GetRequiredService<IFeatureRegistry>().DefineAsync(definition);
        return (host, view, host.Services.GetRequiredService<IOnlineFeatureStore>(), clock);
    }

    [Fact]
    public async Task WriteAsync_SeveralRowsPerEntity_ReadReturnsTheLatestWithItsTime()
    {
        var (host, view, store, _) = await StartAsync();
        await using var _host = host;
        var frame = Frame(("a", T0.AddHours(2), 2, "Oslo"), ("a", T0.AddHours(1), 1, "Rome"), ("b", T0, 5, null));

        var written = await store.WriteAsync(view, frame, OnlineWriteMode.Overwrite);
        var result = await store.ReadAsync(view, [new EntityKey("a"), new EntityKey("b"), new EntityKey("zzz"), new EntityKey("a")]);

        Assert.Equal(2, written.Entities);
        Assert.Equal(["trips", "city"], result.Features);
        Assert.Equal(2.0, result.Rows[0].Values[0].Value);
        Assert.Equal("Oslo", result.Rows[0].Values[1].Value);
        Assert.Equal(T0.AddHours(2), result.Rows[0].EventTimestamp);
        Assert.Equal(T0.AddHours(2), result.Rows[0].Values[0].EventTimestamp);
        Assert.Equal(FeatureStatus.Present, result.Rows[0].Values[0].Status);
        Assert.Equal(FeatureStatus.NullValue, result.Rows[1].Values[1].Status);
        Assert.False(result.Rows[2].Found);
        Assert.All(result.Rows[2].Values, v => Assert.Equal(FeatureStatus.NotFound, v.Status));
        Assert.Equal(result.Rows[0].Values, result.Rows[3].Values);
    }

    [Fact]
    public async Task ReadAsync_ValueOlderThanTtl_IsOutsideMaxAgeButReturned()
    {
        var (host, view, store, clock) = await StartAsync("1h");
        await using var _host = host;
        var written = clock.GetUtcNow();
        await store.WriteAsync(view, Frame(("a", written, 1, "Oslo")), OnlineWriteMode.Overwrite);

        clock.SetUtcNow(written.AddMinutes(59));
        var fresh = await store.ReadAsync(view, [new EntityKey("a")], ["trips"]);
        clock.SetUtcNow(written.AddMinutes(61));
        var stale = await store.ReadAsync(view, [new EntityKey("a")], ["trips"]);

        Assert.Equal(FeatureStatus.Present, fresh.Rows[0].Values[0].Status);
        Assert.Equal(FeatureStatus.OutsideMaxAge, stale.Rows[0].Values[0].Status);
        Assert.Equal(1.0, stale.Rows[0].Values[0].Value);
    }

    [Fact]
    public async Task WriteAsync_KeepNewer_DoesNotOverwriteANewerStoredRow()
    {
        var (host, view, store, _) = await StartAsync();
        await using var _host = host;
        await store.WriteAsync(view, Frame(("a", T0.AddHours(5), 5, "new"), ("b", T0, 1, "old")), OnlineWriteMode.Overwrite);

        var backfill = await store.WriteAsync(view, Frame(("a", T0.AddHours(1), 1, "backfill"), ("b", T0.AddHours(1), 2, "backfill")), OnlineWriteMode.KeepNewer);
        var result = await store.ReadAsync(view, [new EntityKey("a"), new EntityKey("b")], ["city"]);

        Assert.Equal(1, backfill.KeptNewer);
        Assert.Equal("new", result.Rows[0].Values[0].Value);
        Assert.Equal("backfill", result.Rows[1].Values[0].Value);
    }

    [Fact]
    public async Task WriteAsync_KeysTablesCannotHold_AreStoredAndReadBack()
    {
        var (host, view, store, _) = await StartAsync();
        await using var _host = host;
        string[] keys = ["a/b", "c\\d", "#1", "what?", "tab\t", "%2F", "", "😀", "lone\ud800", new string('k', 3000)];
        var frame = Frame([.. keys.Select((k, i) => (k, T0, (double)i, (string?)null))]);

        await store.WriteAsync(view, frame, OnlineWriteMode.Overwrite);
        var result = await store.ReadAsync(view, [.. keys.Select(k => new EntityKey(k))], ["trips"]);

        Assert.Equal(Enumerable.Range(0, keys.Length).Select(i => (object?)(double)i), result.Rows.Select(r => r.Values[0].Value));
    }

    [Fact]
    public async Task WriteAsync_ManyEntities_UsesBatchesOfUpTo100()
    {
        var (host, view, store, _) = await StartAsync();
        await using var _host = host;
        var frame = Frame([.. Enumerable.Range(0, 1000).Select(i => ($"e{i}", T0, (double)i, (string?)"x"))]);

        var written = await store.WriteAsync(view, frame, OnlineWriteMode.Overwrite);
        var again = await store.WriteAsync(view, frame, OnlineWriteMode.Overwrite);
        var result = await store.ReadAsync(view, [.. Enumerable.Range(0, 1000).Select(i => new EntityKey($"e{i}"))], ["trips"]);

        Assert.Equal(1000, written.Entities);
        Assert.InRange(written.Transactions, 1000 / TableOnlineFeatureStore.MaxBatch, 1000 / TableOnlineFeatureStore.MaxBatch + OnlineKeys.Buckets);
        Assert.Equal(written, again);
        Assert.Equal(Enumerable.Range(0, 1000).Select(i => (object?)(double)i), result.Rows.Select(r => r.Values[0].Value));
    }

    [Fact]
    public async Task ReadAsync_UnknownFeature_ThrowsNotFoundNamingIt()
    {
        var (host, view, store, _) = await StartAsync();
        await using var _host = host;

        var error = await Assert.ThrowsAsync<MlopsException>(() => store.ReadAsync(view, [new EntityKey("a")], ["trips", "nope"]));

        Assert.Equal(ErrorCategory.NotFound, error.Category);
        Assert.Equal("features[1]", error.Field);
    }
}
