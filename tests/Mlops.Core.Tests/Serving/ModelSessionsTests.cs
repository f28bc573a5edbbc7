using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Mlops.Core.Diagnostics;
using Mlops.Core.Registry;
using Mlops.Core.Serving;

namespace Mlops.Core.Tests.Serving;

public sealed class ModelSessionsTests : IDisposable
{
    private readonly ServingRegistry _registry = new();
    private readonly FakeTimeProvider _time = new();
    private ModelSessions? _sessions;

    [Fact]
    public async Task AcquireAsync_ConcurrentFirstRequests_LoadOnce()
    {
        var version = await _registry.AddAsync("m", ServingModels.Linear());
        var sessions = Sessions();
        _registry.ArtifactGate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        var pending = Enumerable.Range(0, 16).Select(_ => sessions.AcquireAsync(version).AsTask()).ToList();
        _registry.ArtifactGate.SetResult();
        var served = await Task.WhenAll(pending);

        Assert.Single(served.Distinct());
        Assert.Equal(1, _registry.ArtifactReads);
        Assert.Equal(1, sessions.Loads);
        foreach (var model in served)
        {
            model.Release();
        }
    }

    [Fact]
    public async Task TryAcquire_LoadedVersion_NeedsNoRegistryRead()
    {
        var version = await _registry.AddAsync("m", ServingModels.Linear());
        var sessions = Sessions();
        Assert.False(sessions.TryAcquire("m", 1, out _));
        (await sessions.AcquireAsync(version)).Release();

        var found = sessions.TryAcquire("m", 1, out var served);

        Assert.True(found);
        Assert.Equal(1, served!.Number);
        Assert.Equal(1, _registry.ArtifactReads);
        served.Release();
    }

    [Fact]
    public async Task UnloadIdle_WhileLeased_KeepsServingAndDisposesAfterRelease()
    {
        var version = await _registry.AddAsync("m", ServingModels.Linear());
        var sessions = Sessions(idleSeconds: 60);
        var served = await sessions.AcquireAsync(version);

        _time.Advance(TimeSpan.FromSeconds(61));
        sessions.UnloadIdle();

        Assert.Empty(sessions.Loaded);
        Assert.Equal(0, sessions.Disposals);
        Assert.Equal(ServingModels.LinearExpected([1f, 2f, 3f]), RunSingle(served, [1f, 2f, 3f]), 5);
        served.Release();
        Assert.Equal(1, sessions.Disposals);
        Assert.True(served.IsDisposed);
    }

    [Fact]
    public async Task Sweeper_RecentlyUsedVersion_StaysLoadedAndIdleOneIsUnloaded()
    {
        var first = await _registry.AddAsync("m", ServingModels.Linear());
        var second = await _registry.AddAsync("m", ServingModels.Linear(bias: 2f));
        var sessions = Sessions(idleSeconds: 60);
        (await sessions.AcquireAsync(first)).Release();

        _time.Advance(TimeSpan.FromSeconds(30));
        (await sessions.AcquireAsync(second)).Release();
        _time.Advance(TimeSpan.FromSeconds(35));

        Assert.Equal([("m", 2)], sessions.Loaded);
        Assert.Equal(1, sessions.Disposals);
    }

    [Fact]
    public async Task AcquireAsync_OverMaxSessions_UnloadsLeastRecentlyUsed()
    {
        var versions = new List<ModelVersion>();
        for (var i = 0; i < 3; i++)
        {
            versions.Add(await _registry.AddAsync("m", ServingModels.Linear(bias: i)));
        }

        var sessions = Sessions(maxSessions: 2);
        (await sessions.AcquireAsync(versions[0])).Release();
        _time.Advance(TimeSpan.FromSeconds(1));
        (await sessions.AcquireAsync(versions[1])).Release();
        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.True(sessions.TryAcquire("m", 1, out var first));
        first!.Release();
        _time.Advance(TimeSpan.FromSeconds(1));

        (await sessions.AcquireAsync(versions[2])).Release();

        Assert.Equal([("m", 1), ("m", 3)], sessions.Loaded);
        Assert.Equal(1, sessions.Disposals);
    }

    [Fact]
    public async Task AcquireAsync_ArtifactNotMatchingDigest_Is503AndNotCached()
    {
        var version = await _registry.AddAsync("m", ServingModels.Linear());
        _registry.Corrupt("m", 1);
        var sessions = Sessions();

        var first = await Assert.ThrowsAsync<MlopsException>(() => sessions.AcquireAsync(version).AsTask());
        await Assert.ThrowsAsync<MlopsException>(() => sessions.AcquireAsync(version).AsTask());

        Assert.Equal(ErrorCategory.Unavailable, first.Category);
        Assert.Equal(2, _registry.ArtifactReads);
        Assert.Empty(sessions.Loaded);
    }

    [Fact]
    public async Task Dispose_LoadedSessions_DisposesThem()
    {
        var version = await _registry.AddAsync("m", ServingModels.Linear());
        var sessions = Sessions();
        (await sessions.AcquireAsync(version)).Release();

        sessions.Dispose();

        Assert.Equal(1, sessions.Disposals);
    }

    public void Dispose() => _sessions?.Dispose();

    internal static float RunSingle(ServedModel served, float[] row)
    {
        var json = $$"""{"inputs": [{"{{served.Schema.Tabular!.Vector!.Name}}": [{{string.Join(",", row)}}]}]}""";
        using var batch = PredictRequestParser.Parse(Encoding.UTF8.GetBytes(json), served.Schema, 10, true);
        var outputs = served.Run(batch);
        try
        {
            var writer = JsonWriterCache.Rent(out var buffer);
            PredictionWriter.WritePredictions(writer, outputs, batch.Rows);
            using var document = System.Text.Json.JsonDocument.Parse(JsonWriterCache.ToArrayAndReturn(writer, buffer));
            return document.RootElement[0].GetSingle();
        }
        finally
        {
            foreach (var output in outputs)
            {
                output.Dispose();
            }
        }
    }

    private ModelSessions Sessions(double idleSeconds = 900, int maxSessions = 16) =>
        _sessions = new ModelSessions(
            _registry,
            Options.Create(new ServingOptions { SessionIdleSeconds = idleSeconds, MaxSessions = maxSessions }),
            _time,
            NullLogger<ModelSessions>.Instance);
}
