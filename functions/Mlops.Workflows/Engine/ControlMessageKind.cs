namespace Mlops.Workflows.Engine;

/// <summary>What a control-queue message asks of an instance.</summary>
internal enum ControlMessageKind
{
    /// <summary>Look at the instance (a start, or a nudge after recovery).</summary>
    Wake,

    /// <summary>Deliver an external event.</summary>
    Event,

    /// <summary>Terminate the instance.</summary>
    Terminate,

    /// <summary>A child workflow finished; the parent reads the child's status.</summary>
    SubWorkflowDone,
}
