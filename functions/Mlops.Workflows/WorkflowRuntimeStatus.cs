namespace Mlops.Workflows;

/// <summary>Where an instance is in its life; mirrors Durable's <c>OrchestrationRuntimeStatus</c>.</summary>
public enum WorkflowRuntimeStatus
{
    /// <summary>Accepted, not yet picked up by an engine.</summary>
    Pending,

    /// <summary>Started and not finished (running an activity, waiting for a timer, an event or a child).</summary>
    Running,

    /// <summary>Returned normally; the output is set.</summary>
    Completed,

    /// <summary>Threw, or the engine failed it (e.g. non-deterministic code); the failure details are set.</summary>
    Failed,

    /// <summary>Stopped by <see cref="IWorkflowClient.TerminateInstanceAsync"/>; the output is the reason.</summary>
    Terminated,

    /// <summary>Called <see cref="IWorkflowContext.ContinueAsNew"/>; about to run again with a fresh history.</summary>
    ContinuedAsNew,
}
