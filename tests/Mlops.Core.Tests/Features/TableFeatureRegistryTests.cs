using Microsoft.Extensions.DependencyInjection;
using Mlops.Core.Diagnostics;
using Mlops.Core.Features;
using Mlops.Core.Tests.Infrastructure;

namespace Mlops.Core.Tests.Features;

public sealed class TableFeatureRegistryTests
{
    [Fact]
    public async Task DefineAsync_NewThenSameThenChanged_VersionsOnlyOnChange()
    {
        await using var host = await CoreHost.StartAsync();
        var registry = host.Services.GetRequiredService<IFeatureRegistry>();
        var name = FeatureTestData.NewViewName();
        var definition = FeatureTestData.Drivers(name);

        var first = await registry.DefineAsync(definition);
        var same = await registry.DefineAsync(definition);
        var changed = await registry.DefineAsync(definition with { Ttl = "7d" });
        var versions = await registry.ListVersionsAsync(name).ToListAsync();

        Assert.Equal(1, first.Version);
        Assert.Equal(1, same.Version);
        Assert.Equal(2, changed.Version);
        Assert.Equal([1, 2], versions.Select(v => v.Version));
        Assert.Equal("30d", (await registry.GetAsync(name, 1)).Definition.Ttl);
        Assert.Equal("7d", (await registry.GetAsync(name)).Definition.Ttl);
        Assert.Equal(8, changed.Definition.Features.Count);
        Assert.Equal(FeatureValueType.Text, changed.FindFeature("city")!.ValueType);
    }

    [Fact]
    public async Task DefineAsync_ConcurrentChanges_TakeDistinctVersions()
    {
        await using var host = await CoreHost.StartAsync();
        var registry = host.Services.GetRequiredService<IFeatureRegistry>();
        var name = FeatureTestData.NewViewName();

        var views = await Task.WhenAll(Enumerable.Range(1, 5).Select(i => registry.DefineAsync(FeatureTestData.Drivers(name, $"{i}d"))));

        Assert.Equal([1, 2, 3, 4, 5], views.Select(v => v.Version).Order());
        Assert.Equal(5, (await registry.GetAsync(name)).Version);
    }

    [Fact]
    public async Task ListAsync_SeveralViews_ListsLatestOfEach()
    {
        await using var host = await CoreHost.StartAsync();
        var registry = host.Services.GetRequiredService<IFeatureRegistry>();
        var a = FeatureTestData.NewViewName();
        var b = FeatureTestData.NewViewName();
        await registry.DefineAsync(FeatureTestData.Drivers(a));
        await registry.DefineAsync(FeatureTestData.Drivers(a, "1d"));
        await registry.DefineAsync(FeatureTestData.Drivers(b));

        var views = await registry.ListAsync().ToListAsync();

        Assert.Equal(2, views.Single(v => v.Name == a).Version);
        Assert.Equal(1, views.Single(v => v.Name == b).Version);
    }

    [Fact]
    public async Task GetAsync_UnknownViewOrVersion_ThrowsNotFound()
    {
        await using var host = await CoreHost.StartAsync();
        var registry = host.Services.GetRequiredService<IFeatureRegistry>();
        var name = FeatureTestData.NewViewName();
        await registry.DefineAsync(FeatureTestData.Drivers(name));

        var unknown = await Assert.ThrowsAsync<MlopsException>(() => registry.GetAsync("nope"));
        var version = await Assert.ThrowsAsync<MlopsException>(() => registry.GetAsync(name, 9));

        Assert.Equal(ErrorCategory.NotFound, unknown.Category);
        Assert.Equal("version", version.Field);
        Assert.Null(await registry.FindAsync("nope"));
    }

    [Fact]
    public async Task DefineAsync_InvalidDefinition_StoresNothing()
    {
        await using var host = await CoreHost.StartAsync();
        var registry = host.Services.GetRequiredService<IFeatureRegistry>();
        var name = FeatureTestData.NewViewName();

        await Assert.ThrowsAsync<MlopsException>(() => registry.DefineAsync(FeatureTestData.Drivers(name) with { Ttl = "soon" }));

        Assert.Null(await registry.FindAsync(name));
    }

    [Fact]
    public async Task LoadAsync_DefinitionsFile_DefinesEachViewOnce()
    {
        var a = FeatureTestData.NewViewName();
        var b = FeatureTestData.NewViewName();
        var path = Path.Combine(Path.GetTempPath(), $"views-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(path, $$"""
            {"views": [
              {"name": "{{a}}", "entities": ["driver_id"], "timestampColumn": "event_time", "source": {"format": "parquet"},
               "features": [{"name": "trips"}, {"name": "trips_7d", "column": "trips", "aggregation": "sum", "window": "7d"}], "ttl": "30d"},
              {"name": "{{b}}", "entities": ["customer_id"], "timestampColumn": "ts", "source": {},
               "features": [{"name": "spend_log", "expression": "log1p(spend)"}], "ttl": "1d", "owner": "growth"}
            ]}
            """);
        try
        {
            await using var host = await CoreHost.StartAsync(new Dictionary<string, string?> { ["Features:DefinitionsFile"] = path });
            var registry = host.Services.GetRequiredService<IFeatureRegistry>();
            var loader = host.Services.GetRequiredService<FeatureDefinitionsLoader>();

            var again = await loader.LoadAsync(path, CancellationToken.None);
            var viewA = await registry.GetAsync(a);

            Assert.All(again, v => Assert.Equal(1, v.Version));
            Assert.Equal(FeatureSourceFormat.Parquet, viewA.Definition.Source.Format);
            Assert.Equal(FeatureAggregation.Sum, viewA.FindFeature("trips_7d")!.Aggregation);
            Assert.Equal("growth", (await registry.GetAsync(b)).Definition.Owner);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task LoadAsync_BadViewInFile_ErrorNamesTheViewAndField()
    {
        var path = Path.Combine(Path.GetTempPath(), $"views-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(path, """[{"name": "ok1", "entities": ["id"], "timestampColumn": "ts", "source": {}, "features": [{"name": "x"}, {"name": "x"}], "ttl": "1d"}]""");
        try
        {
            await using var host = await CoreHost.StartAsync();
            var loader = host.Services.GetRequiredService<FeatureDefinitionsLoader>();

            var error = await Assert.ThrowsAsync<MlopsException>(() => loader.LoadAsync(path, CancellationToken.None));

            Assert.Equal("views[0].features[1].name", error.Field);
            Assert.Contains(path, error.Message, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
