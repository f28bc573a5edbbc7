using Azure.Data.Tables;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Mlops.Core.Diagnostics;
using Mlops.Core.Features;
using Mlops.Core.Storage;
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

    [Fact]
    public async Task WriteAsync_TextsLongerThanOneProperty_AreSplitAndReadBackWhole()
    {
        var (host, view, store, _) = await StartAsync();
        await using var _host = host;

        // 70,000 characters take three string properties; the pairs of surrogates land on every possible split.
        var longText = string.Concat(Enumerable.Repeat("ab😀", 70_000 / 4)) + "é";
        await store.WriteAsync(view, Frame(("long", T0, 1, longText), ("short", T0, 2, "x")), OnlineWriteMode.Overwrite);
        var result = await store.ReadAsync(view, [new EntityKey("long"), new EntityKey("short")], ["city", "trips"]);

        Assert.Equal(longText, result.Rows[0].Values[0].Value);
        Assert.Equal(1.0, result.Rows[0].Values[1].Value);
        Assert.Equal("x", result.Rows[1].Values[0].Value);
    }

    [Fact]
    public async Task WriteAsync_FeaturesLargerThanAnEntity_Unprocessable()
    {
        var (host, view, store, _) = await StartAsync();
        await using var _host = host;
        var tooLong = new string('x', (OnlineFeaturePayload.MaxParts * OnlineFeaturePayload.MaxPartChars) + 1);

        var error = await Assert.ThrowsAsync<MlopsException>(() => store.WriteAsync(view, Frame(("big", T0, 1, tooLong)), OnlineWriteMode.Overwrite));
        var result = await store.ReadAsync(view, [new EntityKey("big")]);

        Assert.Equal(ErrorCategory.Unprocessable, error.Category);
        Assert.Equal("features", error.Field);
        Assert.Contains("'big'", error.Message, StringComparison.Ordinal);
        Assert.False(result.Rows[0].Found);
    }

    [Fact]
    public async Task WriteAsync_InfinitiesAndMissingNumbers_ReadBackAsWritten()
    {
        var (host, view, store, _) = await StartAsync();
        await using var _host = host;

        await store.WriteAsync(view, Frame(("up", T0, double.PositiveInfinity, "a"), ("down", T0, double.NegativeInfinity, "b"), ("none", T0, double.NaN, "c"), ("tiny", T0, double.Epsilon, "d")), OnlineWriteMode.Overwrite);
        var result = await store.ReadAsync(view, [new EntityKey("up"), new EntityKey("down"), new EntityKey("none"), new EntityKey("tiny")], ["trips"]);

        Assert.Equal(double.PositiveInfinity, result.Rows[0].Values[0].Value);
        Assert.Equal(double.NegativeInfinity, result.Rows[1].Values[0].Value);
        Assert.Equal(FeatureStatus.NullValue, result.Rows[2].Values[0].Status);
        Assert.Equal(double.Epsilon, result.Rows[3].Values[0].Value);
    }

    [Fact]
    public async Task WriteAsync_MoreFeaturesThanAnEntityHasProperties_AllStored()
    {
        var clock = new FakeTimeProvider(T0.AddHours(12));
        await using var host = await CoreHost.StartAsync(configureServices: s => s.AddSingleton<TimeProvider>(clock));
        var names = Enumerable.Range(0, 300).Select(i => $"feature_{i:D3}").ToArray();
        var view = await host.Services.GetRequiredService<IFeatureRegistry>().DefineAsync(FeatureTestData.Drivers(FeatureTestData.NewViewName()) with
        {
            Features = [.. names.Select(n => new FeatureDefinition(n))],
        });
        var frame = new FeatureFrame(["driver_id"], [["a"]], [T0], [.. names.Select((n, i) => FeatureColumn.FromNumbers(n, [i * 1.5]))]);
        var store = host.Services.GetRequiredService<IOnlineFeatureStore>();

        await store.WriteAsync(view, frame, OnlineWriteMode.Overwrite);
        var result = await store.ReadAsync(view, [new EntityKey("a")]);

        Assert.Equal(names.Select((_, i) => (object?)(i * 1.5)), result.Rows[0].Values.Select(v => v.Value));
    }

    [Fact]
    public async Task ReadAsync_RowOfTheEarlierLayout_IsStillRead()
    {
        var (host, view, store, _) = await StartAsync();
        await using var _host = host;
        var (rowKey, _) = OnlineKeys.RowKey(new EntityKey("old"));
        var bucket = OnlineKeys.Bucket(rowKey);
        var table = host.Services.GetRequiredService<TableServiceClient>().GetTableClient(host.Services.GetRequiredService<StorageNames>().Table(OnlineKeys.Table(bucket)));
        await table.UpsertEntityAsync(new TableEntity(OnlineKeys.PartitionKey(view.Name, bucket), rowKey) { ["ts"] = T0.AddHours(3), ["v"] = view.Version, ["f_trips"] = 7.5, ["f_city"] = "Lima" });

        var result = await store.ReadAsync(view, [new EntityKey("old")]);
        var backfill = await store.WriteAsync(view, Frame(("old", T0, 1, "older")), OnlineWriteMode.KeepNewer);

        Assert.Equal(T0.AddHours(3), result.Rows[0].EventTimestamp);
        Assert.Equal([7.5, (object?)"Lima"], result.Rows[0].Values.Select(v => v.Value));
        Assert.Equal(1, backfill.KeptNewer);
    }

    [Fact]
    public async Task WriteAsync_TextWithALoneSurrogate_StoredWithTheReplacementCharacter()
    {
        // Tables carry strings as UTF-8, which cannot hold a lone surrogate; sources decoded from UTF-8 already read an
        // invalid sequence as U+FFFD, and the online row does the same rather than failing the chunk.
        var (host, view, store, _) = await StartAsync();
        await using var _host = host;

        await store.WriteAsync(view, Frame(("s", T0, 1, "lone\ud800end")), OnlineWriteMode.Overwrite);
        var result = await store.ReadAsync(view, [new EntityKey("s")], ["city"]);

        Assert.Equal("lone\ufffdend", result.Rows[0].Values[0].Value);
    }
}
