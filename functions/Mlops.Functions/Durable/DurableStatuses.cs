using Microsoft.DurableTask.Client;
using Mlops.Workflows;

namespace Mlops.Functions.Durable;

/// <summary>Durable's instance metadata and statuses as the platform's.</summary>
internal static class DurableStatuses
{
    public static WorkflowInstance ToWorkflow(OrchestrationMetadata metadata)
    {
        var status = ToWorkflow(metadata.RuntimeStatus);
        var finished = status is WorkflowRuntimeStatus.Completed or WorkflowRuntimeStatus.Failed or WorkflowRuntimeStatus.Terminated;
        return new WorkflowInstance
        {
            InstanceId = metadata.InstanceId,
            Name = metadata.Name,
            RuntimeStatus = status,
            CreatedAt = metadata.CreatedAt,
            LastUpdatedAt = metadata.LastUpdatedAt,
            CompletedAt = finished ? metadata.LastUpdatedAt : null,
            SerializedInput = metadata.SerializedInput,
            SerializedOutput = metadata.SerializedOutput,
            SerializedCustomStatus = metadata.SerializedCustomStatus,
            FailureDetails = metadata.FailureDetails is { } failure ? DurableFailures.ToWorkflow(failure) : null,
            ExecutionId = string.Empty,
        };
    }

    public static WorkflowRuntimeStatus ToWorkflow(OrchestrationRuntimeStatus status) => status switch
    {
        OrchestrationRuntimeStatus.Pending => WorkflowRuntimeStatus.Pending,
        OrchestrationRuntimeStatus.Completed => WorkflowRuntimeStatus.Completed,
        OrchestrationRuntimeStatus.Failed => WorkflowRuntimeStatus.Failed,
        OrchestrationRuntimeStatus.Terminated => WorkflowRuntimeStatus.Terminated,
        OrchestrationRuntimeStatus.ContinuedAsNew => WorkflowRuntimeStatus.ContinuedAsNew,
        _ => WorkflowRuntimeStatus.Running, // Running and Suspended
    };

    public static IEnumerable<OrchestrationRuntimeStatus> ToDurable(WorkflowRuntimeStatus status) => status switch
    {
        WorkflowRuntimeStatus.Pending => [OrchestrationRuntimeStatus.Pending],
        WorkflowRuntimeStatus.Running => [OrchestrationRuntimeStatus.Running, OrchestrationRuntimeStatus.Suspended],
        WorkflowRuntimeStatus.Completed => [OrchestrationRuntimeStatus.Completed],
        WorkflowRuntimeStatus.Failed => [OrchestrationRuntimeStatus.Failed],
        WorkflowRuntimeStatus.Terminated => [OrchestrationRuntimeStatus.Terminated],
        _ => [OrchestrationRuntimeStatus.ContinuedAsNew],
    };
}
