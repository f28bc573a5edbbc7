using System.Text.Json;
using Mlops.Workflows;

namespace Mlops.Core.Pipelines;

/// <summary>
/// A smoke test of a deployment's orchestration plumbing (<c>POST /api/pipelines/SelfTest</c>): an activity call, and
/// optionally an external event raced against a durable timer, on whichever engine runs it.
/// </summary>
internal static class SelfTestWorkflow
{
    public const string ContinueEvent = "continue";

    public static void Register(WorkflowRegistry registry) => registry
        .AddActivity<string, SelfTestEcho>(PipelineWorkflowNames.SelfTestActivity, (message, _, _) =>
            Task.FromResult(new SelfTestEcho(message, Environment.MachineName)))
        .AddPlatformWorkflow<SelfTestInput, SelfTestResult>(PipelineWorkflowNames.SelfTest, RunAsync);

    // Workflow code: awaits only tasks of the context.
    private static async Task<SelfTestResult> RunAsync(IWorkflowContext context, SelfTestInput input)
    {
        context.SetCustomStatus(new { step = "activity" });
        var echo = await context.CallActivityAsync<SelfTestEcho>(PipelineWorkflowNames.SelfTestActivity, input.Message ?? "ok");
        if (!input.WaitForEvent)
        {
            context.SetCustomStatus(new { step = "done" });
            return new SelfTestResult(echo.Message, echo.Host, false, null);
        }

        context.SetCustomStatus(new { step = "waiting", @event = ContinueEvent });
        using var timerCancellation = new CancellationTokenSource();
        using var eventCancellation = new CancellationTokenSource();
        var timer = context.CreateTimer(context.CurrentUtcDateTime.AddSeconds(input.TimeoutSeconds), timerCancellation.Token);
        var received = context.WaitForExternalEvent<JsonElement?>(ContinueEvent, eventCancellation.Token);
        var winner = await Task.WhenAny(received, timer);
        if (winner == received)
        {
            timerCancellation.Cancel();
        }
        else
        {
            eventCancellation.Cancel();
        }

        context.SetCustomStatus(new { step = "done" });
        return winner == received
            ? new SelfTestResult(echo.Message, echo.Host, true, await received)
            : new SelfTestResult(echo.Message, echo.Host, false, null);
    }
}
