namespace Mlops.Workflows;

/// <summary>
/// The operation does not fit the instance's status: raising an event to or terminating a finished instance, purging a
/// running one, or (as <see cref="WorkflowInstanceExistsException"/>) starting an id that exists.
/// </summary>
public class WorkflowConflictException : Exception
{
    /// <summary>Creates the exception.</summary>
    public WorkflowConflictException(string instanceId, WorkflowRuntimeStatus status, string message)
        : base(message)
    {
        InstanceId = instanceId;
        Status = status;
    }

    /// <summary>The instance.</summary>
    public string InstanceId { get; }

    /// <summary>Its status when the operation was refused.</summary>
    public WorkflowRuntimeStatus Status { get; }
}
