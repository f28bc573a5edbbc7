namespace Mlops.Workflows;

/// <summary>What a history event records.</summary>
public enum WorkflowHistoryEventKind
{
    /// <summary>The execution started with its input.</summary>
    ExecutionStarted,

    /// <summary>The workflow scheduled an activity.</summary>
    ActivityScheduled,

    /// <summary>An activity returned; its result is the payload.</summary>
    ActivityCompleted,

    /// <summary>An activity attempt failed.</summary>
    ActivityFailed,

    /// <summary>The workflow created a durable timer.</summary>
    TimerCreated,

    /// <summary>A durable timer fired.</summary>
    TimerFired,

    /// <summary>The workflow started a child workflow.</summary>
    SubWorkflowScheduled,

    /// <summary>A child workflow completed; its output is the payload.</summary>
    SubWorkflowCompleted,

    /// <summary>A child workflow failed or was terminated.</summary>
    SubWorkflowFailed,

    /// <summary>An external event arrived (consumed by a wait or buffered for one).</summary>
    EventRaised,

    /// <summary>The workflow returned; its output is the payload.</summary>
    ExecutionCompleted,

    /// <summary>The workflow failed.</summary>
    ExecutionFailed,

    /// <summary>The instance was terminated; the reason is the payload.</summary>
    ExecutionTerminated,

    /// <summary>The workflow continued as new; the new input is the payload.</summary>
    ContinuedAsNew,
}
