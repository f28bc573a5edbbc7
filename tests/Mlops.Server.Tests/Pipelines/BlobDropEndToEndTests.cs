using Azure.Storage.Blobs;
using Microsoft.Extensions.DependencyInjection;
using Mlops.Core.Pipelines.Triggers;
using Mlops.Core.Storage;
using Mlops.Core.Tests.Infrastructure;
using Mlops.Server.Tests.Infrastructure;

namespace Mlops.Server.Tests.Pipelines;

/// <summary>A blob dropped into Azurite reaches its workflow through the server's watcher, once, even across a restart.</summary>
public sealed class BlobDropEndToEndTests
{
    private static readonly Dictionary<string, string?> FastWatcher = new() { ["Pipelines:BlobWatcher:PollInterval"] = "00:00:00.100" };

    [Fact]
    public async Task DropIntoTriggerContainer_WatcherStartsTheWorkflowExactlyOnce_AlsoAfterRestart()
    {
        var model = "m" + Guid.NewGuid().ToString("N")[..10];
        var blobName = $"{model}/x.csv";
        string prefix;
        await using (var server = PipelineServerFixture.Create(new ServerFactory(), FastWatcher))
        {
            prefix = server.Prefix;
            using var client = server.CreateAdminClient();
            await UploadAsync(server.Services, blobName);

            await Eventually.WaitUntilAsync(() => TestWorkflows.DropRuns.ContainsKey(blobName), "the watcher to start the drop workflow");
            var instanceId = Assert.Single(TestWorkflows.DropRuns[blobName]);
            var status = await PipelineServerFixture.WaitForFinishAsync(client, instanceId);
            var again = await server.Services.GetRequiredService<IBlobWatcher>().PollAsync();

            Assert.Equal("Completed", status.GetProperty("runtimeStatus").GetString());
            Assert.Equal(model, status.GetProperty("output").GetString());
            Assert.Equal(0, again);
        }

        await using var restarted = PipelineServerFixture.Create(ServerFactory.OnPrefix(prefix), FastWatcher);
        var afterRestart = await restarted.Services.GetRequiredService<IBlobWatcher>().PollAsync();

        Assert.Equal(0, afterRestart);
        Assert.Single(TestWorkflows.DropRuns[blobName]);
    }

    private static async Task UploadAsync(IServiceProvider services, string blobName)
    {
        var container = services.GetRequiredService<BlobServiceClient>()
            .GetBlobContainerClient(services.GetRequiredService<StorageNames>().Container(TestWorkflows.DropContainer));
        await container.UploadBlobAsync(blobName, BinaryData.FromString("a,b\n1,2\n"));
    }
}
