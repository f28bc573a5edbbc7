using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Mlops.Core.Diagnostics;
using Mlops.Core.Serving;

namespace Mlops.Core.Tests.Serving;

public sealed class AliasCacheTests
{
    private readonly ServingRegistry _registry = new();
    private readonly FakeTimeProvider _time = new();

    [Fact]
    public async Task ResolveAsync_WithinCacheTime_KeepsPreviousAnswer()
    {
        var cache = await ArrangeMovedAliasAsync(cacheSeconds: 2);

        _time.Advance(TimeSpan.FromSeconds(1.5));

        Assert.Equal(1, (await cache.ResolveAsync("m", "champion")).Version);
    }

    [Fact]
    public async Task ResolveAsync_JustAfterCacheTime_ServesPreviousWhileRefreshingThenNew()
    {
        var cache = await ArrangeMovedAliasAsync(cacheSeconds: 2);

        _time.Advance(TimeSpan.FromSeconds(3));
        var during = await cache.ResolveAsync("m", "champion");
        var after = await PollAsync(cache, expected: 2);

        Assert.Equal(1, during.Version);
        Assert.Equal(2, after);
    }

    [Fact]
    public async Task ResolveAsync_LongAfterCacheTime_WaitsForFreshAnswer()
    {
        var cache = await ArrangeMovedAliasAsync(cacheSeconds: 2);

        _time.Advance(TimeSpan.FromSeconds(5));

        Assert.Equal(2, (await cache.ResolveAsync("m", "champion")).Version);
    }

    [Fact]
    public async Task ResolveAsync_ZeroCacheTime_AsksRegistryEveryTime()
    {
        var cache = await ArrangeMovedAliasAsync(cacheSeconds: 0);

        Assert.Equal(2, (await cache.ResolveAsync("m", "champion")).Version);
    }

    [Fact]
    public async Task ResolveAsync_AliasDeleted_404OnceExpired()
    {
        await _registry.AddAsync("m", ServingModels.Linear(), alias: "champion");
        var cache = Cache(2);
        await cache.ResolveAsync("m", "champion");
        await _registry.DeleteAliasAsync("m", "champion", "test");

        _time.Advance(TimeSpan.FromSeconds(5));
        var error = await Assert.ThrowsAsync<MlopsException>(() => cache.ResolveAsync("m", "champion").AsTask());

        Assert.Equal(ErrorCategory.NotFound, error.Category);
    }

    [Fact]
    public async Task ResolveAsync_UnknownAlias_NotCached()
    {
        await _registry.AddAsync("m", ServingModels.Linear());
        var cache = Cache(2);
        await Assert.ThrowsAsync<MlopsException>(() => cache.ResolveAsync("m", "champion").AsTask());

        await _registry.SetAliasAsync("m", "champion", 1, "test");

        Assert.Equal(1, (await cache.ResolveAsync("m", "champion")).Version);
    }

    private async Task<AliasCache> ArrangeMovedAliasAsync(double cacheSeconds)
    {
        await _registry.AddAsync("m", ServingModels.Linear(), alias: "champion");
        await _registry.AddAsync("m", ServingModels.Linear(bias: 5f));
        var cache = Cache(cacheSeconds);
        Assert.Equal(1, (await cache.ResolveAsync("m", "champion")).Version);
        await _registry.SetAliasAsync("m", "champion", 2, "test");
        return cache;
    }

    private static async Task<int> PollAsync(AliasCache cache, int expected)
    {
        var seen = 0;
        for (var attempt = 0; attempt < 100 && seen != expected; attempt++)
        {
            seen = (await cache.ResolveAsync("m", "champion")).Version;
            if (seen != expected)
            {
                await Task.Delay(10);
            }
        }

        return seen;
    }

    private AliasCache Cache(double cacheSeconds) =>
        new(_registry, Options.Create(new ServingOptions { AliasCacheSeconds = cacheSeconds }), _time, NullLogger<AliasCache>.Instance);
}
