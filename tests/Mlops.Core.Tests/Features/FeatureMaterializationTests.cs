using System.Text.Json;
using Azure.Storage.Blobs;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Mlops.Core.Api;
using Mlops.Core.Diagnostics;
using Mlops.Core.Features;
using Mlops.Core.Pipelines;
using Mlops.Core.Storage;
using Mlops.Core.Tests.Infrastructure;
using Mlops.Workflows;

namespace Mlops.Core.Tests.Features;

/// <summary>Materialization against Azurite: sources in, offline Parquet and online rows out, idempotent and incremental.</summary>
public sealed class FeatureMaterializationTests
{
    private static readonly DateTimeOffset T0 = FeatureTestData.Day0;

    // Two days of drivers a, b and c: a every 30 minutes, b hourly on day 1, c once.
    private static readonly (string Driver, DateTimeOffset Time, int Trips, double Fare, string City)[] Rows =
    [
        .. Enumerable.Range(0, 96).Select(i => ("a", T0.AddMinutes(30 * i), i % 4, 10.0 + i, "Oslo")),
        .. Enumerable.Range(0, 24).Select(i => ("b/#?", T0.AddDays(1).AddHours(i), 1, 5.0, "Rome")),
        ("c", T0.AddHours(3), 7, 70.0, "Paris"),
    ];

    private static async Task<(CoreHost Host, FeatureView View)> StartAsync(FakeTimeProvider? clock = null, string ttl = "30d")
    {
        var host = await CoreHost.StartAsync(configureServices: clock is null ? null : s => s.AddSingleton<TimeProvider>(clock));
        var name = FeatureTestData.NewViewName();
        var view = await host.Services.GetRequiredService<IFeatureRegistry>().DefineAsync(FeatureTestData.Drivers(name, ttl));
        await FeatureTestData.UploadSourceAsync(host.Services, $"{name}/2025-03.csv", FeatureTestData.DriversCsv(Rows));
        return (host, view);
    }

    private static async Task<List<FeatureChunkResult>> RunAsync(IServiceProvider services, FeatureMaterializationInput input)
    {
        var materializer = services.GetRequiredService<FeatureMaterializer>();
        var plan = await materializer.PlanAsync(input, CancellationToken.None);
        var results = new List<FeatureChunkResult>();
        foreach (var chunk in plan.Chunks)
        {
            results.Add(await materializer.MaterializeChunkAsync(chunk, CancellationToken.None));
        }

        return results;
    }

    [Fact]
    public async Task Materialize_Range_WritesEveryRowOfflineAndTheLatestOnline()
    {
        var (host, view) = await StartAsync();
        await using var _host = host;

        var results = await RunAsync(host.Services, new FeatureMaterializationInput(view.Name, T0, T0.AddDays(2)));
        var offline = host.Services.GetRequiredService<IOfflineFeatureStore>();
        var frames = await offline.ReadAsync(view, T0, T0.AddDays(2)).ToListAsync();
        var online = await host.Services.GetRequiredService<IOnlineFeatureStore>()
            .ReadAsync(view, [new EntityKey("a"), new EntityKey("b/#?"), new EntityKey("c")], ["trips", "trips_1h", "events_1d", "city"]);

        Assert.Equal(2, results.Count);
        Assert.Equal(Rows.Length, frames.Sum(f => f.RowCount));
        Assert.Equal(2, frames.Count);
        var a = online.Rows[0];
        Assert.Equal(T0.AddMinutes(30 * 95), a.EventTimestamp);
        Assert.Equal(95 % 4, (double)a.Values[0].Value!);
        Assert.Equal((94 % 4) + (95 % 4), (double)a.Values[1].Value!);
        Assert.Equal(48.0, a.Values[2].Value);
        Assert.Equal("Rome", online.Rows[1].Values[3].Value);
        Assert.Equal(T0.AddHours(3), online.Rows[2].EventTimestamp);
    }

    [Fact]
    public async Task MaterializeChunk_Rerun_ChangesNothing()
    {
        var (host, view) = await StartAsync();
        await using var _host = host;
        var materializer = host.Services.GetRequiredService<FeatureMaterializer>();
        var chunk = (await materializer.PlanAsync(new FeatureMaterializationInput(view.Name, T0, T0.AddDays(1)), CancellationToken.None)).Chunks.Single();

        var first = await materializer.MaterializeChunkAsync(chunk, CancellationToken.None);
        var before = await SnapshotAsync(host.Services, view, first.File!);
        var second = await materializer.MaterializeChunkAsync(chunk, CancellationToken.None);
        var after = await SnapshotAsync(host.Services, view, first.File!);

        Assert.Equal(first, second);
        Assert.Equal(before.Offline, after.Offline);
        Assert.Equal(before.Online, after.Online);
    }

    [Fact]
    public async Task Plan_NeverRun_StartsAtNowMinusTtlThenFromTheWatermark()
    {
        var clock = new FakeTimeProvider(T0.AddDays(1).AddHours(6));
        var (host, view) = await StartAsync(clock, ttl: "1d");
        await using var _host = host;
        var materializer = host.Services.GetRequiredService<FeatureMaterializer>();

        var first = await materializer.PlanAsync(new FeatureMaterializationInput(view.Name), CancellationToken.None);
        foreach (var chunk in first.Chunks)
        {
            await materializer.MaterializeChunkAsync(chunk, CancellationToken.None);
        }

        clock.Advance(TimeSpan.FromDays(1));
        var second = await materializer.PlanAsync(new FeatureMaterializationInput(view.Name), CancellationToken.None);

        Assert.Equal([T0, T0.AddDays(1)], first.Chunks.Select(c => c.From));
        Assert.Equal([T0.AddDays(1), T0.AddDays(2)], second.Chunks.Select(c => c.From));
    }

    [Fact]
    public async Task Materialize_BackfillOfAnOlderRange_KeepsNewerOnlineValues()
    {
        var (host, view) = await StartAsync();
        await using var _host = host;
        await RunAsync(host.Services, new FeatureMaterializationInput(view.Name, T0.AddDays(1), T0.AddDays(2)));

        var backfill = await RunAsync(host.Services, new FeatureMaterializationInput(view.Name, T0, T0.AddDays(1)));
        var online = await host.Services.GetRequiredService<IOnlineFeatureStore>().ReadAsync(view, [new EntityKey("a"), new EntityKey("c")], ["trips"]);

        Assert.Equal(1, backfill.Single().KeptNewer);
        Assert.Equal(T0.AddMinutes(30 * 95), online.Rows[0].EventTimestamp);
        Assert.Equal(T0.AddHours(3), online.Rows[1].EventTimestamp);
    }

    [Fact]
    public async Task Plan_BlobDrop_CoversTheBlobsRowsAndTheWindowAfterThem()
    {
        var (host, view) = await StartAsync();
        await using var _host = host;

        var plan = await host.Services.GetRequiredService<FeatureMaterializer>()
            .PlanAsync(new FeatureMaterializationInput(view.Name, Blob: $"{view.Name}/2025-03.csv"), CancellationToken.None);
        var ignored = await host.Services.GetRequiredService<FeatureMaterializer>()
            .PlanAsync(new FeatureMaterializationInput(view.Name, Blob: $"{view.Name}/readme.txt"), CancellationToken.None);

        // Rows span day 0 and day 1; the 1-day windows reach into day 2.
        Assert.Equal([T0, T0.AddDays(1), T0.AddDays(2)], plan.Chunks.Select(c => c.From));
        Assert.Empty(ignored.Chunks);
    }

    [Fact]
    public async Task Materialize_SourceLacksAColumn_FailsNamingTheFeatureAndColumn()
    {
        var (host, view) = await StartAsync();
        await using var _host = host;
        await FeatureTestData.UploadSourceAsync(host.Services, $"{view.Name}/broken.csv", "driver_id,event_time,trips,city\na,2025-03-01T00:00:00Z,1,Oslo\n");

        var error = await Assert.ThrowsAsync<MlopsException>(() => RunAsync(host.Services, new FeatureMaterializationInput(view.Name, T0, T0.AddDays(1))));

        Assert.Equal(ErrorCategory.Unprocessable, error.Category);
        Assert.Equal("features[1]", error.Field);
        Assert.Contains("'fare'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Materialize_TimestampThatDoesNotParse_FailsNamingTheColumnAndValue()
    {
        var (host, view) = await StartAsync();
        await using var _host = host;
        await FeatureTestData.UploadSourceAsync(host.Services, $"{view.Name}/bad-time.csv", "driver_id,event_time,trips,fare,city\na,2025-03-01T00:00:00Z,1,2,Oslo\nb,yesterday,1,2,Oslo\n");

        var error = await Assert.ThrowsAsync<MlopsException>(() => RunAsync(host.Services, new FeatureMaterializationInput(view.Name, T0, T0.AddDays(1))));

        Assert.Equal("timestampColumn", error.Field);
        Assert.Contains("yesterday", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Plan_BadInput_ThrowsValidationNamingTheField()
    {
        var (host, view) = await StartAsync();
        await using var _host = host;
        var materializer = host.Services.GetRequiredService<FeatureMaterializer>();

        var empty = await Assert.ThrowsAsync<MlopsException>(() => materializer.PlanAsync(new FeatureMaterializationInput(view.Name, T0, T0), CancellationToken.None));
        var half = await Assert.ThrowsAsync<MlopsException>(() => materializer.PlanAsync(new FeatureMaterializationInput(view.Name, From: T0), CancellationToken.None));
        var chunk = await Assert.ThrowsAsync<MlopsException>(() => materializer.PlanAsync(new FeatureMaterializationInput(view.Name, ChunkSize: "7h"), CancellationToken.None));
        var tooMany = await Assert.ThrowsAsync<MlopsException>(() => materializer.PlanAsync(new FeatureMaterializationInput(view.Name, T0, T0.AddYears(5), ChunkSize: "1m"), CancellationToken.None));
        var unknown = await Assert.ThrowsAsync<MlopsException>(() => materializer.PlanAsync(new FeatureMaterializationInput("nope"), CancellationToken.None));

        Assert.Equal("to", empty.Field);
        Assert.Equal("to", half.Field);
        Assert.Equal("chunkSize", chunk.Field);
        Assert.Equal("from", tooMany.Field);
        Assert.Equal(ErrorCategory.NotFound, unknown.Category);
    }

    [Fact]
    public async Task Workflow_Range_CompletesWithProgressAndSummary()
    {
        var (host, view) = await StartAsync();
        await using var _host = host;
        var client = host.Services.GetRequiredService<IPipelineClient>();

        var id = await client.StartAsync(PipelineWorkflowNames.FeatureMaterialization, new FeatureMaterializationInput(view.Name, T0, T0.AddDays(2)), null);
        var done = await Eventually.WaitAsync(() => client.FindInstanceAsync(id), i => i is { IsCompleted: true }, "the materialization workflow");
        var result = done!.ReadOutputAs<FeatureMaterializationResult>(MlopsJson.Options)!;
        var status = done.ReadCustomStatusAs<JsonElement>(MlopsJson.Options);

        Assert.Equal(WorkflowRuntimeStatus.Completed, done.RuntimeStatus);
        var summary = Assert.Single(result.Views);
        Assert.Equal(2, summary.Chunks);
        Assert.Equal(Rows.Length, summary.Rows);
        Assert.Equal(4, summary.Entities);
        Assert.Equal("done", status.GetProperty("step").GetString());
    }

    private static async Task<(string Offline, string Online)> SnapshotAsync(IServiceProvider services, FeatureView view, string file)
    {
        var container = services.GetRequiredService<BlobServiceClient>().GetBlobContainerClient(services.GetRequiredService<StorageNames>().Container("features"));
        var content = (await container.GetBlobClient(file).DownloadContentAsync()).Value.Content.ToArray();
        var online = await services.GetRequiredService<IOnlineFeatureStore>().ReadAsync(view, [new EntityKey("a"), new EntityKey("b/#?"), new EntityKey("c")]);
        return (Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(content)),
            JsonSerializer.Serialize(online.Rows.Select(r => new { r.EventTimestamp, Values = r.Values.Select(v => new { v.Value, v.Status }) })));
    }
}
