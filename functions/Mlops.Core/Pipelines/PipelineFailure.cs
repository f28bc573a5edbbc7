using Mlops.Workflows;

namespace Mlops.Core.Pipelines;

/// <summary>Why an instance failed, as Durable's <c>failureDetails</c> (without stack traces, which stay in history).</summary>
internal sealed record PipelineFailure(string ErrorType, string ErrorMessage, PipelineFailure? InnerFailure)
{
    public static PipelineFailure? From(WorkflowFailureDetails? details) =>
        details is null ? null : new PipelineFailure(details.ErrorType, details.ErrorMessage, From(details.InnerFailure));
}
