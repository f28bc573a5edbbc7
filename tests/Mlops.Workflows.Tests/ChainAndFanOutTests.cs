using System.Collections.Concurrent;
using Mlops.Workflows.Tests.Infrastructure;

namespace Mlops.Workflows.Tests;

public sealed class ChainAndFanOutTests
{
    [Fact]
    public async Task Chain_ThreeActivities_PassesEachResultToTheNext()
    {
        // Arrange
        await using var host = await EngineHost.StartAsync(TestStorage.NewTaskHub(), registry => registry
            .AddActivity<string, string>("Append", (text, _, _) => Task.FromResult(text + "+"))
            .AddWorkflow<string, string>("Chain", async (context, input) =>
            {
                var a = await context.CallActivityAsync<string>("Append", input);
                var b = await context.CallActivityAsync<string>("Append", a);
                return await context.CallActivityAsync<string>("Append", b);
            }));

        // Act
        var id = await host.Client.StartWorkflowAsync("Chain", "x");
        var result = await host.Client.WaitForCompletionAsync(id, Timeouts.Default);

        // Assert
        Assert.Equal(WorkflowRuntimeStatus.Completed, result.RuntimeStatus);
        Assert.Equal("x+++", result.ReadOutputAs<string>());
        Assert.Equal("x", result.ReadInputAs<string>());
        Assert.Equal("Chain", result.Name);
        Assert.NotNull(result.CompletedAt);
        Assert.True(result.LastUpdatedAt >= result.CreatedAt);
    }

    [Fact]
    public async Task FanOut_HundredActivities_AggregatesEveryResultOnce()
    {
        // Arrange
        var calls = new ConcurrentBag<int>();
        await using var host = await EngineHost.StartAsync(TestStorage.NewTaskHub(), registry => registry
            .AddActivity<int, int>("Square", (n, _, _) =>
            {
                calls.Add(n);
                return Task.FromResult(n * n);
            })
            .AddWorkflow<int, long>("SumOfSquares", async (context, count) =>
            {
                var tasks = Enumerable.Range(1, count).Select(n => context.CallActivityAsync<int>("Square", n)).ToList();
                var results = await Task.WhenAll(tasks);
                return results.Sum(r => (long)r);
            }));

        // Act
        var id = await host.Client.StartWorkflowAsync("SumOfSquares", 100);
        var result = await host.Client.WaitForCompletionAsync(id, Timeouts.Default);

        // Assert
        Assert.Equal(WorkflowRuntimeStatus.Completed, result.RuntimeStatus);
        Assert.Equal(Enumerable.Range(1, 100).Sum(n => (long)n * n), result.ReadOutputAs<long>());
        var history = await host.Client.GetHistoryAsync(id);
        var completed = history.Where(e => e.Kind == WorkflowHistoryEventKind.ActivityCompleted).Select(e => e.TaskId).ToList();
        Assert.Equal(100, completed.Count);
        Assert.Equal(100, completed.Distinct().Count());
        Assert.Equal(Enumerable.Range(1, 100), calls.Order());
    }
}
