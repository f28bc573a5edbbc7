using Mlops.Workflows.Tests.Infrastructure;

namespace Mlops.Workflows.Tests;

public sealed class LifecycleTests
{
    [Fact]
    public async Task ContinueAsNew_CountsToThree_KeepsOnlyTheLastExecutionsHistory()
    {
        // Arrange
        await using var host = await EngineHost.StartAsync(TestStorage.NewTaskHub(), registry => registry
            .AddActivity<int, int>("Increment", (n, _, _) => Task.FromResult(n + 1))
            .AddWorkflow<int, int>("Counter", async (context, n) =>
            {
                var next = await context.CallActivityAsync<int>("Increment", n);
                if (next < 3)
                {
                    context.ContinueAsNew(next);
                }

                return next;
            }));

        // Act
        var id = await host.Client.StartWorkflowAsync("Counter", 0);
        var result = await host.Client.WaitForCompletionAsync(id, Timeouts.Default);

        // Assert
        Assert.Equal(WorkflowRuntimeStatus.Completed, result.RuntimeStatus);
        Assert.Equal(3, result.ReadOutputAs<int>());
        Assert.Equal(2, result.ReadInputAs<int>());
        var history = await host.Client.GetHistoryAsync(id);
        Assert.Equal("2", history.Single(e => e.Kind == WorkflowHistoryEventKind.ExecutionStarted).SerializedPayload);
        Assert.Single(history, e => e.Kind == WorkflowHistoryEventKind.ActivityCompleted);
        await Timeouts.WaitUntilAsync(async () => (await RowCountAsync(host, id)) == 1 + history.Select(e => e.Episode).Distinct().Count());
    }

    [Fact]
    public async Task ContinueAsNew_UnprocessedEvents_CarryOverToTheNextExecution()
    {
        // Arrange
        var gate = new Gate();
        await using var host = await EngineHost.StartAsync(TestStorage.NewTaskHub(), registry => registry
            .AddActivity<int, int>("Hold", async (n, _, cancellationToken) =>
            {
                await gate.PassAsync(cancellationToken);
                return n;
            })
            .AddWorkflow<int, int>("Accumulator", async (context, total) =>
            {
                if (total == 0)
                {
                    await context.CallActivityAsync<int>("Hold", total);
                }

                var add = await context.WaitForExternalEvent<int>("add");
                if (add > 0)
                {
                    context.ContinueAsNew(total + add);
                }

                return total;
            }));
        var id = await host.Client.StartWorkflowAsync("Accumulator", 0);
        await gate.Entered.WaitAsync(Timeouts.Default);
        foreach (var value in new[] { 1, 2, 3, 0 })
        {
            await host.Client.RaiseEventAsync(id, "add", value);
        }

        await TimerAndEventTests.WaitForHistoryAsync(host.Client, id, WorkflowHistoryEventKind.EventRaised, count: 4);

        // Act
        gate.Open();
        var result = await host.Client.WaitForCompletionAsync(id, Timeouts.Default);

        // Assert
        Assert.Equal(WorkflowRuntimeStatus.Completed, result.RuntimeStatus);
        Assert.Equal(6, result.ReadOutputAs<int>());
    }

    [Fact]
    public async Task TerminateInstance_WaitingInstance_EndsTerminatedWithTheReason()
    {
        // Arrange
        await using var host = await EngineHost.StartAsync(TestStorage.NewTaskHub(), RegisterWaiter);
        var id = await host.Client.StartWorkflowAsync("Waiter");
        await TimerAndEventTests.WaitForCustomStatusAsync(host.Client, id, "waiting");

        // Act
        await host.Client.TerminateInstanceAsync(id, "no longer needed");
        var result = await host.Client.WaitForCompletionAsync(id, Timeouts.Default);

        // Assert
        Assert.Equal(WorkflowRuntimeStatus.Terminated, result.RuntimeStatus);
        Assert.Equal("no longer needed", result.ReadOutputAs<string>());
        await Assert.ThrowsAsync<WorkflowConflictException>(() => host.Client.TerminateInstanceAsync(id));
        await Assert.ThrowsAsync<WorkflowConflictException>(() => host.Client.RaiseEventAsync(id, "go"));
        await Assert.ThrowsAsync<WorkflowInstanceNotFoundException>(() => host.Client.TerminateInstanceAsync("missing"));
    }

    [Fact]
    public async Task PurgeInstance_FinishedInstance_DeletesItAndItsHistory()
    {
        // Arrange
        await using var host = await EngineHost.StartAsync(TestStorage.NewTaskHub(), registry => registry
            .AddActivity<string, string>("Echo", (s, _, _) => Task.FromResult(s))
            .AddWorkflow<string, string>("Once", (context, s) => context.CallActivityAsync<string>("Echo", s)));
        var id = await host.Client.StartWorkflowAsync("Once", "a");
        await host.Client.WaitForCompletionAsync(id, Timeouts.Default);

        // Act
        var purged = await host.Client.PurgeInstanceAsync(id);

        // Assert
        Assert.True(purged);
        Assert.Null(await host.Client.FindInstanceAsync(id));
        await Assert.ThrowsAsync<WorkflowInstanceNotFoundException>(() => host.Client.GetHistoryAsync(id));
        Assert.Equal(0, await RowCountAsync(host, id));
        Assert.False(await host.Client.PurgeInstanceAsync(id));
    }

    [Fact]
    public async Task PurgeInstance_RunningInstance_IsRefused()
    {
        // Arrange
        await using var host = await EngineHost.StartAsync(TestStorage.NewTaskHub(), RegisterWaiter);
        var id = await host.Client.StartWorkflowAsync("Waiter");

        // Act
        var refused = await Assert.ThrowsAsync<WorkflowConflictException>(() => host.Client.PurgeInstanceAsync(id));

        // Assert
        Assert.Equal(id, refused.InstanceId);
        Assert.NotNull(await host.Client.FindInstanceAsync(id));
    }

    [Fact]
    public async Task StartWorkflow_SameInstanceIdTwice_ConflictsAndRunsOnce()
    {
        // Arrange
        var runs = 0;
        await using var host = await EngineHost.StartAsync(TestStorage.NewTaskHub(), registry => registry
            .AddActivity<string, string>("Count", (s, _, _) =>
            {
                Interlocked.Increment(ref runs);
                return Task.FromResult(s);
            })
            .AddWorkflow<string, string>("CountThenWait", async (context, s) =>
            {
                await context.CallActivityAsync<string>("Count", s);
                return await context.WaitForExternalEvent<string>("go");
            }));
        var id = await host.Client.StartWorkflowAsync("CountThenWait", "a", new StartWorkflowOptions("blob-abc-etag-1"));

        // Act
        var whileRunning = await Assert.ThrowsAsync<WorkflowInstanceExistsException>(
            () => host.Client.StartWorkflowAsync("CountThenWait", "b", new StartWorkflowOptions("blob-abc-etag-1")));
        await host.Client.RaiseEventAsync(id, "go", "done");
        await host.Client.WaitForCompletionAsync(id, Timeouts.Default);
        var afterCompletion = await Assert.ThrowsAsync<WorkflowInstanceExistsException>(
            () => host.Client.StartWorkflowAsync("CountThenWait", "c", new StartWorkflowOptions("blob-abc-etag-1")));

        // Assert
        Assert.Equal("blob-abc-etag-1", id);
        Assert.Equal("blob-abc-etag-1", whileRunning.InstanceId);
        Assert.Equal(WorkflowRuntimeStatus.Completed, afterCompletion.Status);
        Assert.Equal(1, runs);
        Assert.Equal("a", (await host.Client.GetInstanceAsync(id)).ReadInputAs<string>());
    }

    [Fact]
    public async Task StartWorkflow_BadRequests_AreRefusedBeforeAnythingIsStored()
    {
        // Arrange
        await using var host = await EngineHost.StartAsync(TestStorage.NewTaskHub(), registry => registry
            .AddWorkflow<Order, string>("TakesOrder", (_, order) => Task.FromResult(order.Id)));

        // Act + Assert
        await Assert.ThrowsAsync<ArgumentException>(() => host.Client.StartWorkflowAsync("NoSuchWorkflow"));
        var badInput = await Assert.ThrowsAsync<ArgumentException>(() => host.Client.StartWorkflowAsync("TakesOrder", new { id = 5 }));
        Assert.Contains("Order", badInput.Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<ArgumentException>(() => host.Client.StartWorkflowAsync("TakesOrder", new Order("x"), new StartWorkflowOptions("a/b")));
        var tooLarge = await Assert.ThrowsAsync<WorkflowPayloadTooLargeException>(
            () => host.Client.StartWorkflowAsync("TakesOrder", new Order(new string('x', WorkflowLimits.MaxPayloadBytes))));
        Assert.True(tooLarge.Size > WorkflowLimits.MaxPayloadBytes);
        var none = new List<WorkflowInstance>();
        await foreach (var instance in host.Client.ListInstancesAsync())
        {
            none.Add(instance);
        }

        Assert.Empty(none);
    }

    [Fact]
    public async Task ListInstances_Filters_ByStatusNameAndCreatedTime()
    {
        // Arrange
        await using var host = await EngineHost.StartAsync(TestStorage.NewTaskHub(), registry =>
        {
            RegisterWaiter(registry);
            registry.AddWorkflow<int, int>("Quick", (_, n) => Task.FromResult(n));
        });
        var quick = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            quick.Add(await host.Client.StartWorkflowAsync("Quick", i));
        }

        var waiter = await host.Client.StartWorkflowAsync("Waiter");
        foreach (var id in quick)
        {
            await host.Client.WaitForCompletionAsync(id, Timeouts.Default);
        }

        await TimerAndEventTests.WaitForCustomStatusAsync(host.Client, waiter, "waiting");

        // Act
        var completed = await ListAsync(host.Client, new WorkflowQuery { Statuses = [WorkflowRuntimeStatus.Completed] });
        var running = await ListAsync(host.Client, new WorkflowQuery { Statuses = [WorkflowRuntimeStatus.Running, WorkflowRuntimeStatus.Pending] });
        var byName = await ListAsync(host.Client, new WorkflowQuery { Name = "Quick", IncludePayloads = false });
        var future = await ListAsync(host.Client, new WorkflowQuery { CreatedFrom = DateTimeOffset.UtcNow.AddHours(1) });
        var past = await ListAsync(host.Client, new WorkflowQuery { CreatedTo = DateTimeOffset.UtcNow.AddHours(1) });
        var purged = await host.Client.PurgeInstancesAsync(new WorkflowQuery { Name = "Quick" });

        // Assert
        Assert.Equal(quick.Order(), completed.Select(i => i.InstanceId).Order());
        Assert.Equal(waiter, Assert.Single(running).InstanceId);
        Assert.Equal(3, byName.Count);
        Assert.All(byName, i => Assert.Null(i.SerializedInput));
        Assert.All(byName, i => Assert.Equal(WorkflowRuntimeStatus.Completed, i.RuntimeStatus));
        Assert.Empty(future);
        Assert.Equal(4, past.Count);
        Assert.Equal(3, purged);
        Assert.Single(await ListAsync(host.Client, null));
    }

    internal static void RegisterWaiter(WorkflowRegistry registry) => registry
        .AddWorkflow<string?, string>("Waiter", async (context, _) =>
        {
            context.SetCustomStatus("waiting");
            return await context.WaitForExternalEvent<string>("go");
        });

    private static async Task<List<WorkflowInstance>> ListAsync(IWorkflowClient client, WorkflowQuery? query)
    {
        var list = new List<WorkflowInstance>();
        await foreach (var instance in client.ListInstancesAsync(query))
        {
            list.Add(instance);
        }

        return list;
    }

    private static async Task<int> RowCountAsync(EngineHost host, string instanceId)
    {
        var table = TestStorage.Tables().GetTableClient(host.TaskHub + "Instances");
        var count = 0;
        await foreach (var _ in table.QueryAsync<Azure.Data.Tables.TableEntity>(Azure.Data.Tables.TableClient.CreateQueryFilter($"PartitionKey eq {instanceId}")))
        {
            count++;
        }

        return count;
    }

    public sealed record Order(string Id);
}
