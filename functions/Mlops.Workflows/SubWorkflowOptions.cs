namespace Mlops.Workflows;

/// <summary>Options for <see cref="IWorkflowContext.CallSubWorkflowAsync{TResult}"/>; mirrors Durable's <c>SubOrchestrationOptions</c>.</summary>
public sealed class SubWorkflowOptions : WorkflowTaskOptions
{
    /// <summary>Creates options with an optional child instance id and retry policy.</summary>
    public SubWorkflowOptions(string? instanceId = null, WorkflowRetryPolicy? retry = null)
        : base(retry)
    {
        InstanceId = instanceId;
    }

    /// <summary>
    /// The child's instance id; default: derived from the parent's execution and the call, so it is stable across
    /// replays. Retried attempts with an explicit id use <c>{id}~{attempt}</c> from the second attempt on.
    /// </summary>
    public string? InstanceId { get; }
}
