using Microsoft.Extensions.DependencyInjection;
using Mlops.Workflows.Tests.Infrastructure;

namespace Mlops.Workflows.Tests;

/// <summary>
/// A host stopped or killed mid-workflow; a new host on the same storage finishes the work. Activities are at least
/// once: one whose result was not committed before the stop runs again, one whose result was committed never does.
/// </summary>
public sealed class RestartTests
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task NewHost_AfterStopBetweenActivities_CompletesWithEachSuccessRecordedOnce(bool crash)
    {
        // Arrange
        var hub = TestStorage.NewTaskHub();
        var successes = new Counter();
        var starts = new Counter();
        var held = new Gate();
        void Register(WorkflowRegistry registry, bool holdB) => registry
            .AddActivity<string, string>("A", (s, context, _) => Succeed(successes, starts, "A", context, s + "a"))
            .AddActivity<string, string>("B", async (s, context, cancellationToken) =>
            {
                starts.Add("B");
                if (holdB)
                {
                    await held.PassAsync(cancellationToken);
                }

                successes.Add("B");
                return s + "b";
            })
            .AddActivity<string, string>("C", (s, context, _) => Succeed(successes, starts, "C", context, s + "c"))
            .AddWorkflow<string, string>("Abc", async (context, s) =>
            {
                var a = await context.CallActivityAsync<string>("A", s);
                var b = await context.CallActivityAsync<string>("B", a);
                return await context.CallActivityAsync<string>("C", b);
            });
        var first = await EngineHost.StartAsync(hub, registry => Register(registry, holdB: true));
        var id = await first.Client.StartWorkflowAsync("Abc", ">");
        await held.Entered.WaitAsync(Timeouts.Default);

        // Act
        if (crash)
        {
            await first.CrashAsync();
        }
        else
        {
            await first.StopAsync();
        }

        await first.DisposeAsync();
        await using var second = await EngineHost.StartAsync(hub, registry => Register(registry, holdB: false));
        var result = await second.Client.WaitForCompletionAsync(id, Timeouts.Default);

        // Assert
        Assert.Equal(WorkflowRuntimeStatus.Completed, result.RuntimeStatus);
        Assert.Equal(">abc", result.ReadOutputAs<string>());
        Assert.Equal(1, successes["A"]);
        Assert.Equal(1, successes["B"]);
        Assert.Equal(1, successes["C"]);
        Assert.Equal(2, starts["B"]);
        var history = await second.Client.GetHistoryAsync(id);
        Assert.Equal([0, 1, 2], history.Where(e => e.Kind == WorkflowHistoryEventKind.ActivityCompleted).Select(e => e.TaskId!.Value));
    }

    [Fact]
    public async Task DurableTimer_HostStoppedWhileWaiting_FiresOnTheNextHost()
    {
        // Arrange
        var hub = TestStorage.NewTaskHub();
        static void Register(WorkflowRegistry registry) => registry
            .AddWorkflow<int, string>("Later", async (context, milliseconds) =>
            {
                await context.CreateTimer(context.CurrentUtcDateTime.AddMilliseconds(milliseconds), CancellationToken.None);
                return "woke";
            });
        var first = await EngineHost.StartAsync(hub, Register);
        var id = await first.Client.StartWorkflowAsync("Later", 1500);
        await TimerAndEventTests.WaitForHistoryAsync(first.Client, id, WorkflowHistoryEventKind.TimerCreated);

        // Act
        await first.DisposeAsync();
        var stopped = await TestStorageClient(hub).GetInstanceAsync(id);
        await using var second = await EngineHost.StartAsync(hub, Register);
        var result = await second.Client.WaitForCompletionAsync(id, Timeouts.Default);

        // Assert
        Assert.Equal(WorkflowRuntimeStatus.Running, stopped.RuntimeStatus);
        Assert.Equal(WorkflowRuntimeStatus.Completed, result.RuntimeStatus);
        Assert.Equal("woke", result.ReadOutputAs<string>());
    }

    [Fact]
    public async Task ExternalEventWait_HostStoppedWhileWaiting_ReceivesTheEventOnTheNextHost()
    {
        // Arrange
        var hub = TestStorage.NewTaskHub();
        var first = await EngineHost.StartAsync(hub, LifecycleTests.RegisterWaiter);
        var id = await first.Client.StartWorkflowAsync("Waiter");
        await TimerAndEventTests.WaitForCustomStatusAsync(first.Client, id, "waiting");
        await first.DisposeAsync();

        // Act
        await using var second = await EngineHost.StartAsync(hub, LifecycleTests.RegisterWaiter);
        await second.Client.RaiseEventAsync(id, "go", "approved");
        var result = await second.Client.WaitForCompletionAsync(id, Timeouts.Default);

        // Assert
        Assert.Equal(WorkflowRuntimeStatus.Completed, result.RuntimeStatus);
        Assert.Equal("approved", result.ReadOutputAs<string>());
    }

    [Fact]
    public async Task SubWorkflow_ParentHostStoppedWhileTheChildWaits_CompletesOnTheNextHost()
    {
        // Arrange
        var hub = TestStorage.NewTaskHub();
        static void Register(WorkflowRegistry registry) => registry
            .AddWorkflow<string, string>("WaitingChild", async (context, input) =>
            {
                context.SetCustomStatus("waiting");
                return input + await context.WaitForExternalEvent<string>("go");
            })
            .AddWorkflow<string, string>("ParentOfWaiting", async (context, input) =>
                "parent got " + await context.CallSubWorkflowAsync<string>("WaitingChild", input, new SubWorkflowOptions(context.InstanceId + "-child")));
        var first = await EngineHost.StartAsync(hub, Register);
        var id = await first.Client.StartWorkflowAsync("ParentOfWaiting", "a");
        await TimerAndEventTests.WaitForCustomStatusAsync(first.Client, id + "-child", "waiting");
        await first.DisposeAsync();

        // Act
        await using var second = await EngineHost.StartAsync(hub, Register);
        await second.Client.RaiseEventAsync(id + "-child", "go", "b");
        var result = await second.Client.WaitForCompletionAsync(id, Timeouts.Default);

        // Assert
        Assert.Equal(WorkflowRuntimeStatus.Completed, result.RuntimeStatus);
        Assert.Equal("parent got ab", result.ReadOutputAs<string>());
        var history = await second.Client.GetHistoryAsync(id);
        Assert.Single(history, e => e.Kind == WorkflowHistoryEventKind.SubWorkflowScheduled);
        Assert.Single(history, e => e.Kind == WorkflowHistoryEventKind.SubWorkflowCompleted);
    }

    private static Task<string> Succeed(Counter successes, Counter starts, string name, ActivityContext context, string result)
    {
        starts.Add(name);
        successes.Add(name);
        return Task.FromResult(result);
    }

    /// <summary>A client without an engine, as a management tool would have.</summary>
    private static IWorkflowClient TestStorageClient(string hub)
    {
        var services = new ServiceCollection();
        services.AddSingleton(TestStorage.Tables());
        services.AddSingleton(TestStorage.Queues());
        services.AddWorkflowClient(options => options.TaskHub = hub);
        return services.BuildServiceProvider().GetRequiredService<IWorkflowClient>();
    }
}
