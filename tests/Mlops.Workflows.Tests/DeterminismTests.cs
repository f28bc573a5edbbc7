using Mlops.Workflows.Tests.Infrastructure;

namespace Mlops.Workflows.Tests;

public sealed class DeterminismTests
{
    [Fact]
    public async Task Workflow_AwaitsTaskDelay_FailsWithAClearMessageInsteadOfHanging()
    {
        // Arrange
        await using var host = await EngineHost.StartAsync(TestStorage.NewTaskHub(), registry => registry
            .AddWorkflow<string, string>("Sleepy", async (_, input) =>
            {
                await Task.Delay(10);
                return input;
            }));

        // Act
        var id = await host.Client.StartWorkflowAsync("Sleepy", "x");
        var result = await host.Client.WaitForCompletionAsync(id, Timeouts.Default);

        // Assert
        Assert.Equal(WorkflowRuntimeStatus.Failed, result.RuntimeStatus);
        Assert.True(result.FailureDetails!.IsCausedBy<NonDeterministicWorkflowException>());
        Assert.Contains("not a workflow task", result.FailureDetails.ErrorMessage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Workflow_Throws_FailsWithTypeMessageAndStack()
    {
        // Arrange
        await using var host = await EngineHost.StartAsync(TestStorage.NewTaskHub(), registry => registry
            .AddWorkflow<string, string>("Thrower", (_, input) => throw new FormatException("bad " + input)));

        // Act
        var id = await host.Client.StartWorkflowAsync("Thrower", "x");
        var result = await host.Client.WaitForCompletionAsync(id, Timeouts.Default);

        // Assert
        Assert.Equal(WorkflowRuntimeStatus.Failed, result.RuntimeStatus);
        Assert.Equal(typeof(FormatException).FullName, result.FailureDetails!.ErrorType);
        Assert.Equal("bad x", result.FailureDetails.ErrorMessage);
        Assert.Contains(nameof(DeterminismTests), result.FailureDetails.StackTrace, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CallActivity_UnregisteredName_FailsTheWorkflowNamingTheActivity()
    {
        // Arrange
        await using var host = await EngineHost.StartAsync(TestStorage.NewTaskHub(), registry => registry
            .AddWorkflow<string, string>("CallsMissing", (context, input) => context.CallActivityAsync<string>("Missing", input)));

        // Act
        var id = await host.Client.StartWorkflowAsync("CallsMissing", "x");
        var result = await host.Client.WaitForCompletionAsync(id, Timeouts.Default);

        // Assert
        Assert.Equal(WorkflowRuntimeStatus.Failed, result.RuntimeStatus);
        Assert.Contains("No activity named 'Missing'", result.FailureDetails!.InnerFailure!.ErrorMessage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Replay_CodeChangedWhileRunning_FailsAsNonDeterministicInsteadOfRunningTheWrongStep()
    {
        // Arrange
        var hub = TestStorage.NewTaskHub();
        var calls = new Counter();
        var first = await EngineHost.StartAsync(hub, registry => registry
            .AddActivity<string, string>("StepA", (s, _, _) => { calls.Add("A"); return Task.FromResult(s); })
            .AddWorkflow<string, string>("Versioned", async (context, s) =>
            {
                await context.CallActivityAsync<string>("StepA", s);
                return await context.WaitForExternalEvent<string>("go");
            }));
        var id = await first.Client.StartWorkflowAsync("Versioned", "x");
        await TimerAndEventTests.WaitForHistoryAsync(first.Client, id, WorkflowHistoryEventKind.ActivityCompleted);
        await first.DisposeAsync();

        // Act
        await using var second = await EngineHost.StartAsync(hub, registry => registry
            .AddActivity<string, string>("StepB", (s, _, _) => { calls.Add("B"); return Task.FromResult(s); })
            .AddWorkflow<string, string>("Versioned", async (context, s) =>
            {
                await context.CallActivityAsync<string>("StepB", s);
                return await context.WaitForExternalEvent<string>("go");
            }));
        var result = await second.Client.WaitForCompletionAsync(id, Timeouts.Default);

        // Assert
        Assert.Equal(WorkflowRuntimeStatus.Failed, result.RuntimeStatus);
        Assert.True(result.FailureDetails!.IsCausedBy<NonDeterministicWorkflowException>());
        Assert.Contains("StepB", result.FailureDetails.ErrorMessage, StringComparison.Ordinal);
        Assert.Contains("StepA", result.FailureDetails.ErrorMessage, StringComparison.Ordinal);
        Assert.Equal(1, calls["A"]);
        Assert.Equal(0, calls["B"]);
    }

    [Fact]
    public async Task Replay_AfterRestart_ReproducesGuidsAndTimeAndLogsOnce()
    {
        // Arrange
        var hub = TestStorage.NewTaskHub();
        var logged = new Counter();
        void Register(WorkflowRegistry registry) => registry
            .AddActivity<string, string>("Echo", (s, _, _) => Task.FromResult(s))
            .AddWorkflow<string, string[]>("Guids", async (context, s) =>
            {
                var logger = context.CreateReplaySafeLogger(new CountingLogger(logged));
                var before = context.NewGuid();
                var startedAt = context.CurrentUtcDateTime;
                logger.LogWarningOnce("started");
                await context.CallActivityAsync<string>("Echo", s);
                context.SetCustomStatus(new[] { before.ToString(), startedAt.ToString("O") });
                var after = await context.WaitForExternalEvent<string>("go");
                return [before.ToString(), startedAt.ToString("O"), after];
            });
        var first = await EngineHost.StartAsync(hub, Register);
        var id = await first.Client.StartWorkflowAsync("Guids", "x");
        await Timeouts.WaitUntilAsync(async () => (await first.Client.GetInstanceAsync(id)).SerializedCustomStatus is not null);
        var recorded = (await first.Client.GetInstanceAsync(id)).ReadCustomStatusAs<string[]>()!;
        await first.DisposeAsync();

        // Act
        await using var second = await EngineHost.StartAsync(hub, Register);
        await second.Client.RaiseEventAsync(id, "go", "done");
        var result = await second.Client.WaitForCompletionAsync(id, Timeouts.Default);

        // Assert
        Assert.Equal(WorkflowRuntimeStatus.Completed, result.RuntimeStatus);
        Assert.Equal([recorded[0], recorded[1], "done"], result.ReadOutputAs<string[]>()!);
        Assert.Equal(1, logged["started"]);
    }
}
