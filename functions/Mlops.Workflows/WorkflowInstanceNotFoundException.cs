namespace Mlops.Workflows;

/// <summary>No instance has this id (never started, or purged).</summary>
public sealed class WorkflowInstanceNotFoundException : Exception
{
    /// <summary>Creates the exception.</summary>
    public WorkflowInstanceNotFoundException(string instanceId)
        : base($"Workflow instance '{instanceId}' does not exist.")
    {
        InstanceId = instanceId;
    }

    /// <summary>The id looked for.</summary>
    public string InstanceId { get; }
}
