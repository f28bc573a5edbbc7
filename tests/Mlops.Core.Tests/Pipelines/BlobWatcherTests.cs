using System.Text.Json;
using Azure.Storage.Blobs;
using Microsoft.Extensions.DependencyInjection;
using Mlops.Core.Pipelines.Triggers;
using Mlops.Core.Storage;
using Mlops.Core.Tests.Infrastructure;

namespace Mlops.Core.Tests.Pipelines;

/// <summary>The blob watcher against Azurite: each new blob (name and ETag) is raised once, also across a restart.</summary>
public sealed class BlobWatcherTests
{
    [Fact]
    public async Task Poll_NewBlobs_RaisedOnceAsBlobCreated_NotAgainAfterRestart()
    {
        var prefix = TestStorage.NewPrefix();
        var handler = new RecordingBlobEventHandler();
        await using (var host = await StartAsync(prefix, handler))
        {
            await UploadAsync(host, "training-data", "churn/a.csv", "a");
            await UploadAsync(host, "training-data", "churn/b.csv", "b");
            await UploadAsync(host, "scoring-input", "churn/c.csv", "c");
            await UploadAsync(host, "datasets", "not-a-trigger.csv", "d");
            var watcher = host.Services.GetRequiredService<IBlobWatcher>();

            var first = await watcher.PollAsync();
            var second = await watcher.PollAsync();

            Assert.Equal(3, first);
            Assert.Equal(0, second);
        }

        await using var restarted = await StartAsync(prefix, handler);
        var afterRestart = await restarted.Services.GetRequiredService<IBlobWatcher>().PollAsync();

        Assert.Equal(0, afterRestart);
        Assert.Equal(3, handler.Events.Count);
        var training = handler.Events.Single(e => e.Subject.EndsWith("/churn/a.csv", StringComparison.Ordinal));
        Assert.Equal("Microsoft.Storage.BlobCreated", training.EventType);
        Assert.Equal($"/blobServices/default/containers/{prefix}training-data/blobs/churn/a.csv", training.Subject);
        using var data = JsonDocument.Parse(training.Data.ToMemory());
        Assert.DoesNotContain("\"", data.RootElement.GetProperty("eTag").GetString(), StringComparison.Ordinal);
        Assert.EndsWith($"/{prefix}training-data/churn/a.csv", data.RootElement.GetProperty("url").GetString(), StringComparison.Ordinal);
        Assert.Equal(1, data.RootElement.GetProperty("contentLength").GetInt64());
        Assert.Equal("BlockBlob", data.RootElement.GetProperty("blobType").GetString());
    }

    [Fact]
    public async Task Poll_NewAndOverwrittenBlobs_AfterRestart_AreRaised()
    {
        var prefix = TestStorage.NewPrefix();
        var handler = new RecordingBlobEventHandler();
        await using (var host = await StartAsync(prefix, handler))
        {
            await UploadAsync(host, "training-data", "churn/a.csv", "v1");
            await host.Services.GetRequiredService<IBlobWatcher>().PollAsync();
        }

        await using var restarted = await StartAsync(prefix, handler);
        await UploadAsync(restarted, "training-data", "churn/a.csv", "v2");
        await UploadAsync(restarted, "training-data", "churn/new.csv", "n");

        var raised = await restarted.Services.GetRequiredService<IBlobWatcher>().PollAsync();

        Assert.Equal(2, raised);
        Assert.Equal(2, handler.Events.Count(e => e.Subject.EndsWith("/churn/a.csv", StringComparison.Ordinal)));
        Assert.NotEqual(handler.Events.First().Id, handler.Events.Skip(1).First().Id);
    }

    [Fact]
    public async Task Poll_HandlerFails_BlobIsRaisedAgainNextPoll()
    {
        var handler = new RecordingBlobEventHandler();
        await using var host = await StartAsync(TestStorage.NewPrefix(), handler);
        await UploadAsync(host, "training-data", "churn/a.csv", "a");
        var watcher = host.Services.GetRequiredService<IBlobWatcher>();
        handler.FailNext(1);

        var failed = await watcher.PollAsync();
        var retried = await watcher.PollAsync();
        var done = await watcher.PollAsync();

        Assert.Equal(0, failed);
        Assert.Equal(1, retried);
        Assert.Equal(0, done);
        Assert.Single(handler.Events);
    }

    private static Task<CoreHost> StartAsync(string prefix, RecordingBlobEventHandler handler) =>
        CoreHost.StartAsync(
            new Dictionary<string, string?> { ["Storage:Prefix"] = prefix, ["Workflows:Engine"] = "None" },
            services => services.AddSingleton<IBlobEventHandler>(handler));

    private static Task UploadAsync(CoreHost host, string container, string name, string content) =>
        host.Services.GetRequiredService<BlobServiceClient>()
            .GetBlobContainerClient(host.Services.GetRequiredService<StorageNames>().Container(container))
            .GetBlobClient(name)
            .UploadAsync(BinaryData.FromString(content), overwrite: true);
}
