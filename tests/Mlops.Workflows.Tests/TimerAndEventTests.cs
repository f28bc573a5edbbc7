using Microsoft.Extensions.Time.Testing;
using Mlops.Workflows.Tests.Infrastructure;

namespace Mlops.Workflows.Tests;

public sealed class TimerAndEventTests
{
    [Fact]
    public async Task CreateTimer_ShortRealDelay_ResumesAtOrAfterTheFireTime()
    {
        // Arrange
        await using var host = await EngineHost.StartAsync(TestStorage.NewTaskHub(), registry => registry
            .AddWorkflow<int, DateTime[]>("Sleeper", async (context, milliseconds) =>
            {
                var fireAt = context.CurrentUtcDateTime.AddMilliseconds(milliseconds);
                await context.CreateTimer(fireAt, CancellationToken.None);
                return [fireAt, context.CurrentUtcDateTime];
            }));

        // Act
        var id = await host.Client.StartWorkflowAsync("Sleeper", 200);
        var result = await host.Client.WaitForCompletionAsync(id, Timeouts.Default);

        // Assert
        Assert.Equal(WorkflowRuntimeStatus.Completed, result.RuntimeStatus);
        var times = result.ReadOutputAs<DateTime[]>()!;
        Assert.True(times[1] >= times[0], $"resumed at {times[1]:O}, before the fire time {times[0]:O}");
        var history = await host.Client.GetHistoryAsync(id);
        Assert.Contains(history, e => e.Kind == WorkflowHistoryEventKind.TimerFired);
    }

    [Fact]
    public async Task CreateTimer_FakeClock_FiresOnlyWhenTimeAdvances()
    {
        // Arrange
        var time = new FakeTimeProvider(new DateTimeOffset(2030, 1, 1, 0, 0, 0, TimeSpan.Zero));
        await using var host = await EngineHost.StartAsync(TestStorage.NewTaskHub(), registry => registry
            .AddWorkflow<string, string>("Nightly", async (context, input) =>
            {
                await context.CreateTimer(context.CurrentUtcDateTime.AddHours(1), CancellationToken.None);
                return input + " done";
            }), time: time);
        var id = await host.Client.StartWorkflowAsync("Nightly", "job");
        await WaitForHistoryAsync(host.Client, id, WorkflowHistoryEventKind.TimerCreated);
        var before = await host.Client.GetInstanceAsync(id);

        // Act
        time.Advance(TimeSpan.FromHours(1));
        var result = await host.Client.WaitForCompletionAsync(id, Timeouts.Default);

        // Assert
        Assert.Equal(WorkflowRuntimeStatus.Running, before.RuntimeStatus);
        Assert.Equal(WorkflowRuntimeStatus.Completed, result.RuntimeStatus);
        Assert.Equal("job done", result.ReadOutputAs<string>());
        Assert.Equal(new DateTimeOffset(2030, 1, 1, 1, 0, 0, TimeSpan.Zero), result.CompletedAt);
    }

    [Fact]
    public async Task WaitForExternalEvent_RaisedAfterTheWait_DeliversTheData()
    {
        // Arrange
        await using var host = await EngineHost.StartAsync(TestStorage.NewTaskHub(), registry => registry
            .AddWorkflow<string, string>("Greeter", async (context, _) =>
            {
                context.SetCustomStatus("waiting");
                var name = await context.WaitForExternalEvent<string>("Name");
                return "hello " + name;
            }));
        var id = await host.Client.StartWorkflowAsync("Greeter");
        await WaitForCustomStatusAsync(host.Client, id, "waiting");

        // Act
        await host.Client.RaiseEventAsync(id, "name", "ada");
        var result = await host.Client.WaitForCompletionAsync(id, Timeouts.Default);

        // Assert
        Assert.Equal(WorkflowRuntimeStatus.Completed, result.RuntimeStatus);
        Assert.Equal("hello ada", result.ReadOutputAs<string>());
    }

    [Fact]
    public async Task WaitForExternalEvent_RaisedBeforeTheWait_IsBufferedAndDeliveredInOrder()
    {
        // Arrange
        var gate = new Gate();
        await using var host = await EngineHost.StartAsync(TestStorage.NewTaskHub(), registry => registry
            .AddActivity<string, string>("Slow", async (input, _, cancellationToken) =>
            {
                await gate.PassAsync(cancellationToken);
                return input;
            })
            .AddWorkflow<string, int[]>("Collector", async (context, input) =>
            {
                await context.CallActivityAsync<string>("Slow", input);
                var first = await context.WaitForExternalEvent<int>("Value");
                var second = await context.WaitForExternalEvent<int>("Value");
                return [first, second];
            }));
        var id = await host.Client.StartWorkflowAsync("Collector", "x");
        await gate.Entered.WaitAsync(Timeouts.Default);

        // Act
        await host.Client.RaiseEventAsync(id, "Value", 1);
        await host.Client.RaiseEventAsync(id, "Value", 2);
        await WaitForHistoryAsync(host.Client, id, WorkflowHistoryEventKind.EventRaised, count: 2);
        gate.Open();
        var result = await host.Client.WaitForCompletionAsync(id, Timeouts.Default);

        // Assert
        Assert.Equal(WorkflowRuntimeStatus.Completed, result.RuntimeStatus);
        Assert.Equal([1, 2], result.ReadOutputAs<int[]>()!);
    }

    [Fact]
    public async Task ApprovalWithTimeout_ApprovedBeforeTheDeadline_TakesTheEventAndCancelsTheTimer()
    {
        // Arrange
        var time = new FakeTimeProvider(new DateTimeOffset(2030, 1, 1, 0, 0, 0, TimeSpan.Zero));
        await using var host = await EngineHost.StartAsync(TestStorage.NewTaskHub(), RegisterApproval, time: time);
        var id = await host.Client.StartWorkflowAsync("Approval", "model-7");
        await WaitForCustomStatusAsync(host.Client, id, "awaiting approval");

        // Act
        await host.Client.RaiseEventAsync(id, "approval", new ApprovalDecision(true, "ada"));
        var result = await host.Client.WaitForCompletionAsync(id, Timeouts.Default);

        // Assert
        Assert.Equal(WorkflowRuntimeStatus.Completed, result.RuntimeStatus);
        Assert.Equal("model-7 approved by ada", result.ReadOutputAs<string>());
        var history = await host.Client.GetHistoryAsync(id);
        Assert.DoesNotContain(history, e => e.Kind == WorkflowHistoryEventKind.TimerFired);
    }

    [Fact]
    public async Task ApprovalWithTimeout_NoDecisionBeforeTheDeadline_RejectsAndRefusesLateEvents()
    {
        // Arrange
        var time = new FakeTimeProvider(new DateTimeOffset(2030, 1, 1, 0, 0, 0, TimeSpan.Zero));
        await using var host = await EngineHost.StartAsync(TestStorage.NewTaskHub(), RegisterApproval, time: time);
        var id = await host.Client.StartWorkflowAsync("Approval", "model-7");
        await WaitForCustomStatusAsync(host.Client, id, "awaiting approval");

        // Act
        time.Advance(TimeSpan.FromHours(24));
        var result = await host.Client.WaitForCompletionAsync(id, Timeouts.Default);
        var late = await Assert.ThrowsAsync<WorkflowConflictException>(() => host.Client.RaiseEventAsync(id, "approval", new ApprovalDecision(true, "bob")));

        // Assert
        Assert.Equal(WorkflowRuntimeStatus.Completed, result.RuntimeStatus);
        Assert.Equal("model-7 rejected: no decision within 24 hours", result.ReadOutputAs<string>());
        Assert.Equal(WorkflowRuntimeStatus.Completed, late.Status);
    }

    internal static async Task WaitForHistoryAsync(IWorkflowClient client, string id, WorkflowHistoryEventKind kind, int count = 1) =>
        await Timeouts.WaitUntilAsync(async () => (await client.GetHistoryAsync(id)).Count(e => e.Kind == kind) >= count);

    internal static async Task WaitForCustomStatusAsync(IWorkflowClient client, string id, string status) =>
        await Timeouts.WaitUntilAsync(async () => (await client.FindInstanceAsync(id))?.ReadCustomStatusAs<string>() == status);

    private static void RegisterApproval(WorkflowRegistry registry) => registry
        .AddWorkflow<string, string>("Approval", async (context, model) =>
        {
            using var cancel = new CancellationTokenSource();
            var decision = context.WaitForExternalEvent<ApprovalDecision>("approval", cancel.Token);
            var deadline = context.CreateTimer(context.CurrentUtcDateTime.AddHours(24), cancel.Token);
            context.SetCustomStatus("awaiting approval");
            var winner = await Task.WhenAny(decision, deadline);
            // Cancel, not CancelAsync: its callbacks would run on another thread, outside the workflow.
#pragma warning disable CA1849
            cancel.Cancel();
#pragma warning restore CA1849
            if (winner == decision)
            {
                var value = await decision;
                return value.Approved ? $"{model} approved by {value.By}" : $"{model} rejected by {value.By}";
            }

            return $"{model} rejected: no decision within 24 hours";
        });

    public sealed record ApprovalDecision(bool Approved, string By);
}
