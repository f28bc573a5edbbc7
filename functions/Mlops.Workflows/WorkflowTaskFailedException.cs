namespace Mlops.Workflows;

/// <summary>
/// Thrown into workflow code when an activity or sub-workflow failed after its retries; mirrors Durable's
/// <c>TaskFailedException</c>. <see cref="FailureDetails"/> carries the remote error (type, message, stack).
/// </summary>
public sealed class WorkflowTaskFailedException : Exception
{
    /// <summary>Creates the exception for a failed task.</summary>
    public WorkflowTaskFailedException(string taskName, int taskId, WorkflowFailureDetails failureDetails)
        : base($"Task '{taskName}' (#{taskId}) failed: {failureDetails?.ErrorMessage}")
    {
        ArgumentNullException.ThrowIfNull(failureDetails);
        TaskName = taskName;
        TaskId = taskId;
        FailureDetails = failureDetails;
    }

    /// <summary>The activity or sub-workflow name.</summary>
    public string TaskName { get; }

    /// <summary>The task's sequence number in the workflow's history.</summary>
    public int TaskId { get; }

    /// <summary>The failure as recorded.</summary>
    public WorkflowFailureDetails FailureDetails { get; }
}
