namespace Mlops.Workflows;

/// <summary>Options for an activity or sub-workflow call; mirrors Durable's <c>TaskOptions</c>.</summary>
public class WorkflowTaskOptions
{
    /// <summary>Creates options, optionally with a retry policy.</summary>
    public WorkflowTaskOptions(WorkflowRetryPolicy? retry = null)
    {
        Retry = retry;
    }

    /// <summary>How failed attempts are retried; null means a single attempt.</summary>
    public WorkflowRetryPolicy? Retry { get; }

    /// <summary>Options with the given retry policy.</summary>
    public static WorkflowTaskOptions FromRetryPolicy(WorkflowRetryPolicy retry)
    {
        ArgumentNullException.ThrowIfNull(retry);
        return new WorkflowTaskOptions(retry);
    }
}
