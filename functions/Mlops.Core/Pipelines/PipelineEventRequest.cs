using System.Text.Json;
using Mlops.Core.Api;
using Mlops.Workflows;

namespace Mlops.Core.Pipelines;

/// <summary>The input of the <c>PublishPipelineEvent</c> activity: how a platform workflow run finished.</summary>
/// <param name="EventId">A replay-stable id (from the context's <c>NewGuid</c>), so a re-run activity publishes once.</param>
/// <param name="Workflow">The workflow name.</param>
/// <param name="InstanceId">The instance (run) id.</param>
/// <param name="Succeeded">Completed (true) or failed.</param>
/// <param name="Output">The output when completed.</param>
/// <param name="ErrorType">The failure's type when failed.</param>
/// <param name="ErrorMessage">The failure's message when failed.</param>
/// <param name="FinishedAt">The workflow's time when it finished.</param>
internal sealed record PipelineEventRequest(
    string EventId,
    string Workflow,
    string InstanceId,
    bool Succeeded,
    JsonElement? Output,
    string? ErrorType,
    string? ErrorMessage,
    DateTime FinishedAt)
{
    public static PipelineEventRequest Completed<T>(IWorkflowContext context, T output) => new(
        context.NewGuid().ToString("N"),
        context.Name,
        context.InstanceId,
        true,
        output is null ? null : JsonSerializer.SerializeToElement(output, MlopsJson.Options),
        null,
        null,
        context.CurrentUtcDateTime);

    public static PipelineEventRequest Failed(IWorkflowContext context, WorkflowFailureDetails failure) => new(
        context.NewGuid().ToString("N"),
        context.Name,
        context.InstanceId,
        false,
        null,
        Innermost(failure).ErrorType,
        failure.ErrorMessage,
        context.CurrentUtcDateTime);

    private static WorkflowFailureDetails Innermost(WorkflowFailureDetails failure) =>
        failure.InnerFailure is { } inner ? Innermost(inner) : failure;
}
