using Mlops.Workflows.Tests.Infrastructure;

namespace Mlops.Workflows.Tests;

public sealed class RetryTests
{
    private static readonly WorkflowTaskOptions ThreeQuickAttempts =
        WorkflowTaskOptions.FromRetryPolicy(new WorkflowRetryPolicy(3, TimeSpan.FromMilliseconds(10), backoffCoefficient: 2));

    [Fact]
    public async Task CallActivity_ActivityAlwaysThrows_RetriesPerPolicyThenFailsWithTheErrorInStatus()
    {
        // Arrange
        var attempts = 0;
        await using var host = await EngineHost.StartAsync(TestStorage.NewTaskHub(), registry => registry
            .AddActivity<string, string>("Flaky", (_, _, _) =>
            {
                var attempt = Interlocked.Increment(ref attempts);
                throw new InvalidOperationException($"boom {attempt}");
            })
            .AddWorkflow<string, string>("UsesFlaky", (context, input) =>
                context.CallActivityAsync<string>("Flaky", input, ThreeQuickAttempts)));

        // Act
        var id = await host.Client.StartWorkflowAsync("UsesFlaky", "x");
        var result = await host.Client.WaitForCompletionAsync(id, Timeouts.Default);

        // Assert
        Assert.Equal(WorkflowRuntimeStatus.Failed, result.RuntimeStatus);
        Assert.Equal(3, attempts);
        var failure = Assert.IsType<WorkflowFailureDetails>(result.FailureDetails);
        Assert.Equal(typeof(WorkflowTaskFailedException).FullName, failure.ErrorType);
        Assert.Contains("Flaky", failure.ErrorMessage, StringComparison.Ordinal);
        Assert.Contains("boom 3", failure.ErrorMessage, StringComparison.Ordinal);
        var inner = Assert.IsType<WorkflowFailureDetails>(failure.InnerFailure);
        Assert.True(inner.IsCausedBy<InvalidOperationException>());
        Assert.Equal("boom 3", inner.ErrorMessage);
        Assert.False(string.IsNullOrEmpty(inner.StackTrace));
        var history = await host.Client.GetHistoryAsync(id);
        Assert.Equal(3, history.Count(e => e.Kind == WorkflowHistoryEventKind.ActivityFailed));
        Assert.Equal(2, history.Count(e => e.Kind == WorkflowHistoryEventKind.TimerCreated));
        var timers = history.Where(e => e.Kind == WorkflowHistoryEventKind.TimerCreated).ToList();
        var firstFailure = history.First(e => e.Kind == WorkflowHistoryEventKind.ActivityFailed);
        Assert.Equal(firstFailure.Timestamp.UtcDateTime.AddMilliseconds(10), timers[0].FireAt);
    }

    [Fact]
    public async Task CallActivity_ActivityFailsTwiceThenSucceeds_ReturnsTheResult()
    {
        // Arrange
        var attempts = 0;
        await using var host = await EngineHost.StartAsync(TestStorage.NewTaskHub(), registry => registry
            .AddActivity<int, int>("SucceedsThirdTime", (n, _, _) =>
                Interlocked.Increment(ref attempts) < 3 ? throw new TimeoutException("not yet") : Task.FromResult(n * 2))
            .AddWorkflow<int, int>("Retrying", (context, n) => context.CallActivityAsync<int>("SucceedsThirdTime", n, ThreeQuickAttempts)));

        // Act
        var id = await host.Client.StartWorkflowAsync("Retrying", 21);
        var result = await host.Client.WaitForCompletionAsync(id, Timeouts.Default);

        // Assert
        Assert.Equal(WorkflowRuntimeStatus.Completed, result.RuntimeStatus);
        Assert.Equal(42, result.ReadOutputAs<int>());
        Assert.Equal(3, attempts);
    }

    [Fact]
    public async Task CallActivity_HandleFailureRefuses_DoesNotRetryAndTheWorkflowCanCatch()
    {
        // Arrange
        var attempts = 0;
        var policy = new WorkflowRetryPolicy(5, TimeSpan.FromMilliseconds(10))
        {
            HandleFailure = failure => !failure.IsCausedBy<ArgumentException>(),
        };
        await using var host = await EngineHost.StartAsync(TestStorage.NewTaskHub(), registry => registry
            .AddActivity<string, string>("Validate", (_, _, _) =>
            {
                Interlocked.Increment(ref attempts);
                throw new ArgumentException("bad input");
            })
            .AddWorkflow<string, string>("Catching", async (context, input) =>
            {
                try
                {
                    return await context.CallActivityAsync<string>("Validate", input, WorkflowTaskOptions.FromRetryPolicy(policy));
                }
                catch (WorkflowTaskFailedException ex)
                {
                    return "caught: " + ex.FailureDetails.ErrorMessage;
                }
            }));

        // Act
        var id = await host.Client.StartWorkflowAsync("Catching", "x");
        var result = await host.Client.WaitForCompletionAsync(id, Timeouts.Default);

        // Assert
        Assert.Equal(WorkflowRuntimeStatus.Completed, result.RuntimeStatus);
        Assert.Equal("caught: bad input", result.ReadOutputAs<string>());
        Assert.Equal(1, attempts);
    }

    [Fact]
    public async Task CallActivity_RetryTimeoutShorterThanTheDelay_StopsAfterTheFirstAttempt()
    {
        // Arrange
        var attempts = 0;
        var policy = new WorkflowRetryPolicy(5, TimeSpan.FromHours(1), retryTimeout: TimeSpan.FromMinutes(1));
        await using var host = await EngineHost.StartAsync(TestStorage.NewTaskHub(), registry => registry
            .AddActivity<string, string>("Fails", (_, _, _) =>
            {
                Interlocked.Increment(ref attempts);
                throw new InvalidOperationException("down");
            })
            .AddWorkflow<string, string>("TimesOut", (context, input) =>
                context.CallActivityAsync<string>("Fails", input, WorkflowTaskOptions.FromRetryPolicy(policy))));

        // Act
        var id = await host.Client.StartWorkflowAsync("TimesOut", "x");
        var result = await host.Client.WaitForCompletionAsync(id, Timeouts.Default);

        // Assert
        Assert.Equal(WorkflowRuntimeStatus.Failed, result.RuntimeStatus);
        Assert.Equal(1, attempts);
    }
}
