using Microsoft.DurableTask;
using Mlops.Workflows;

namespace Mlops.Functions.Durable;

/// <summary>Durable's failure details as the platform's.</summary>
internal static class DurableFailures
{
    public static WorkflowFailureDetails ToWorkflow(TaskFailureDetails details) =>
        new(details.ErrorType, details.ErrorMessage, details.StackTrace, details.InnerFailureDetails is { } inner ? ToWorkflow(inner) : null);
}
