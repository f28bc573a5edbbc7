namespace Mlops.Core.Pipelines.Triggers;

/// <summary>What handling one event did.</summary>
public enum BlobEventOutcome
{
    /// <summary>A workflow instance was started for the blob.</summary>
    Started,

    /// <summary>The instance for this blob (name and ETag) exists already, e.g. a redelivered event; nothing new started.</summary>
    AlreadyStarted,

    /// <summary>The container routes to a workflow that is not registered in this build; nothing started.</summary>
    NoWorkflowRegistered,

    /// <summary>Not a blob-created event for a trigger container; ignored.</summary>
    NotRouted,

    /// <summary>The blob cannot start its workflow (not under a <c>{model}/</c> folder, or its input is invalid); ignored.</summary>
    Rejected,
}
