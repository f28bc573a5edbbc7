namespace Mlops.Workflows;

/// <summary>A start named an instance id that already exists; nothing was started.</summary>
public sealed class WorkflowInstanceExistsException : WorkflowConflictException
{
    /// <summary>Creates the exception.</summary>
    public WorkflowInstanceExistsException(string instanceId, WorkflowRuntimeStatus status)
        : base(instanceId, status, $"Workflow instance '{instanceId}' already exists ({status}); a second start does not run it again. Purge it first to reuse the id.")
    {
    }
}
