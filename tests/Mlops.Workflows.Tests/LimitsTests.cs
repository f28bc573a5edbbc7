using Mlops.Workflows.Tests.Infrastructure;

namespace Mlops.Workflows.Tests;

public sealed class LimitsTests
{
    [Fact]
    public async Task ActivityResult_OverThePayloadLimit_FailsTheCallSayingSo()
    {
        // Arrange
        await using var host = await EngineHost.StartAsync(TestStorage.NewTaskHub(), registry => registry
            .AddActivity<int, string>("Huge", (size, _, _) => Task.FromResult(new string('x', size)))
            .AddWorkflow<int, string>("WantsHuge", (context, size) => context.CallActivityAsync<string>("Huge", size)));

        // Act
        var id = await host.Client.StartWorkflowAsync("WantsHuge", WorkflowLimits.MaxPayloadBytes + 1);
        var result = await host.Client.WaitForCompletionAsync(id, Timeouts.Default);

        // Assert
        Assert.Equal(WorkflowRuntimeStatus.Failed, result.RuntimeStatus);
        var inner = result.FailureDetails!.InnerFailure!;
        Assert.True(inner.IsCausedBy<WorkflowPayloadTooLargeException>());
        Assert.Contains("blob", inner.ErrorMessage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Step_LargeButUnderTheLimit_IsStoredOverSeveralRowsAndReplays()
    {
        // Arrange: 40 calls with 40 KB inputs make one step of about 1.6 MB, stored as several rows in one batch.
        var hub = TestStorage.NewTaskHub();
        var gate = new Gate();
        void Register(WorkflowRegistry registry, bool hold) => registry
            .AddActivity<string, int>("Length", async (s, _, cancellationToken) =>
            {
                if (hold)
                {
                    await gate.PassAsync(cancellationToken);
                }

                return s.Length;
            })
            .AddWorkflow<int, int>("WideStep", async (context, count) =>
            {
                var lengths = await Task.WhenAll(Enumerable.Range(0, count).Select(i => context.CallActivityAsync<int>("Length", new string((char)('a' + (i % 26)), 40_000))));
                return lengths.Sum();
            });
        var first = await EngineHost.StartAsync(hub, registry => Register(registry, hold: true));
        var id = await first.Client.StartWorkflowAsync("WideStep", 40);
        await gate.Entered.WaitAsync(Timeouts.Default);
        await first.DisposeAsync();

        // Act
        await using var second = await EngineHost.StartAsync(hub, registry => Register(registry, hold: false));
        var result = await second.Client.WaitForCompletionAsync(id, Timeouts.Default);

        // Assert
        Assert.Equal(WorkflowRuntimeStatus.Completed, result.RuntimeStatus);
        Assert.Equal(40 * 40_000, result.ReadOutputAs<int>());
    }

    [Fact]
    public async Task Step_OverTheStepLimit_FailsTheInstanceSayingSo()
    {
        // Arrange
        await using var host = await EngineHost.StartAsync(TestStorage.NewTaskHub(), registry => registry
            .AddActivity<string, int>("Length", (s, _, _) => Task.FromResult(s.Length))
            .AddWorkflow<int, int>("TooWide", async (context, count) =>
            {
                var lengths = await Task.WhenAll(Enumerable.Range(0, count).Select(_ => context.CallActivityAsync<int>("Length", new string('x', 40_000))));
                return lengths.Sum();
            }));

        // Act
        var id = await host.Client.StartWorkflowAsync("TooWide", 60);
        var result = await host.Client.WaitForCompletionAsync(id, Timeouts.Default);

        // Assert
        Assert.Equal(WorkflowRuntimeStatus.Failed, result.RuntimeStatus);
        Assert.Contains("limit", result.FailureDetails!.ErrorMessage, StringComparison.Ordinal);
        Assert.Contains("blob URIs", result.FailureDetails.ErrorMessage, StringComparison.Ordinal);
    }
}
