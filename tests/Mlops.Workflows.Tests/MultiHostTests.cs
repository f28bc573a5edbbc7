using Mlops.Workflows.Tests.Infrastructure;

namespace Mlops.Workflows.Tests;

/// <summary>Two engine hosts on one task hub, as two server processes sharing a storage account.</summary>
public sealed class MultiHostTests
{
    private const int Workflows = 50;

    [Fact]
    public async Task TwoHosts_FiftyConcurrentWorkflows_ShareTheWorkAndRecordEachResultOnce()
    {
        // Arrange
        var hub = TestStorage.NewTaskHub();
        var perHost = new Counter();
        await using var one = await EngineHost.StartAsync(hub, registry => Register(registry, perHost, "one"));
        await using var two = await EngineHost.StartAsync(hub, registry => Register(registry, perHost, "two"));
        await Timeouts.WaitUntilAsync(() => Task.FromResult(one.Engine.OwnedPartitions.Count == 2 && two.Engine.OwnedPartitions.Count == 2));

        // Act
        var ids = new List<string>();
        for (var i = 0; i < Workflows; i++)
        {
            ids.Add(await (i % 2 == 0 ? one : two).Client.StartWorkflowAsync("Pipeline", i, new StartWorkflowOptions($"run-{i:D2}")));
        }

        var results = await Task.WhenAll(ids.Select(id => one.Client.WaitForCompletionAsync(id, Timeouts.Long)));

        // Assert
        Assert.Empty(one.Engine.OwnedPartitions.Intersect(two.Engine.OwnedPartitions));
        await AssertAllCompletedOnceAsync(one.Client, ids, results);
        Assert.True(perHost["one"] > 0, "host one ran no activity");
        Assert.True(perHost["two"] > 0, "host two ran no activity");
    }

    [Fact]
    public async Task SecondHost_JoiningMidRun_TakesOverPartitionsWithoutLosingOrDuplicatingWork()
    {
        // Arrange
        var hub = TestStorage.NewTaskHub();
        var perHost = new Counter();
        await using var one = await EngineHost.StartAsync(hub, registry => Register(registry, perHost, "one"));
        var ids = new List<string>();
        for (var i = 0; i < Workflows; i++)
        {
            ids.Add(await one.Client.StartWorkflowAsync("Pipeline", i));
        }

        // Act
        await using var two = await EngineHost.StartAsync(hub, registry => Register(registry, perHost, "two"));
        var results = await Task.WhenAll(ids.Select(id => two.Client.WaitForCompletionAsync(id, Timeouts.Long)));

        // Assert
        await AssertAllCompletedOnceAsync(two.Client, ids, results);
    }

    [Fact]
    public async Task OneOfTwoHosts_CrashingMidRun_TheOtherFinishesEverything()
    {
        // Arrange
        var hub = TestStorage.NewTaskHub();
        var perHost = new Counter();
        var one = await EngineHost.StartAsync(hub, registry => Register(registry, perHost, "one"));
        await using var two = await EngineHost.StartAsync(hub, registry => Register(registry, perHost, "two"));
        await Timeouts.WaitUntilAsync(() => Task.FromResult(one.Engine.OwnedPartitions.Count == 2 && two.Engine.OwnedPartitions.Count == 2));
        var ids = new List<string>();
        for (var i = 0; i < Workflows; i++)
        {
            ids.Add(await two.Client.StartWorkflowAsync("Pipeline", i));
        }

        await Timeouts.WaitUntilAsync(() => Task.FromResult(perHost["one"] >= 10));

        // Act
        await one.CrashAsync();
        await one.DisposeAsync();
        var results = await Task.WhenAll(ids.Select(id => two.Client.WaitForCompletionAsync(id, Timeouts.Long)));

        // Assert
        await AssertAllCompletedOnceAsync(two.Client, ids, results);
        Assert.Equal(4, two.Engine.OwnedPartitions.Count);
    }

    private static async Task AssertAllCompletedOnceAsync(IWorkflowClient client, List<string> ids, WorkflowInstance[] results)
    {
        Assert.All(results, r => Assert.Equal(WorkflowRuntimeStatus.Completed, r.RuntimeStatus));
        for (var i = 0; i < ids.Count; i++)
        {
            var n = results[i].ReadInputAs<int>();
            Assert.Equal((n + 1) * 2 + 3 * n, results[i].ReadOutputAs<int>());
            var history = await client.GetHistoryAsync(ids[i]);
            var completions = history.Where(e => e.Kind == WorkflowHistoryEventKind.ActivityCompleted).Select(e => e.TaskId).ToList();
            Assert.Equal(5, completions.Count);
            Assert.Equal(completions.Count, completions.Distinct().Count());
            Assert.Equal(5, history.Count(e => e.Kind == WorkflowHistoryEventKind.ActivityScheduled));
        }

        var listed = new List<WorkflowInstance>();
        await foreach (var instance in client.ListInstancesAsync(new WorkflowQuery { IncludePayloads = false }))
        {
            listed.Add(instance);
        }

        Assert.Equal(ids.Order(), listed.Select(i => i.InstanceId).Order());
    }

    private static void Register(WorkflowRegistry registry, Counter perHost, string host) => registry
        .AddActivity<int, int>("Increment", async (n, _, cancellationToken) =>
        {
            perHost.Add(host);
            await Task.Delay(20, cancellationToken);
            return n + 1;
        })
        .AddActivity<int, int>("Double", (n, _, _) =>
        {
            perHost.Add(host);
            return Task.FromResult(n * 2);
        })
        .AddActivity<int, int>("Same", (n, _, _) =>
        {
            perHost.Add(host);
            return Task.FromResult(n);
        })
        .AddWorkflow<int, int>("Pipeline", async (context, n) =>
        {
            var incremented = await context.CallActivityAsync<int>("Increment", n);
            var doubled = await context.CallActivityAsync<int>("Double", incremented);
            var parts = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => context.CallActivityAsync<int>("Same", n)));
            return doubled + parts.Sum();
        });
}
