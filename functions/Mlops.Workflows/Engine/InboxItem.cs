namespace Mlops.Workflows.Engine;

/// <summary>Something for an instance actor to apply in its next step.</summary>
internal abstract record InboxItem;

/// <summary>A control-queue message; deleted once its effect is committed.</summary>
internal sealed record MessageItem(ControlMessage Message, HeldMessage Held) : InboxItem;

/// <summary>An activity's result or failure, from the load generation that started it.</summary>
internal sealed record ActivityResultItem(int Generation, int TaskId, string? Result, WorkflowFailureDetails? Failure) : InboxItem;

/// <summary>An in-memory timer fired.</summary>
internal sealed record TimerFiredItem(int Generation, int TaskId) : InboxItem;

/// <summary>A child's final status found while (re)starting it, or why it could not be started.</summary>
internal sealed record ChildResultItem(int Generation, int TaskId, InstanceRecord? Child, WorkflowFailureDetails? Failure) : InboxItem;

/// <summary>Look at the instance: load it (recovery) or fail it (the code awaited a foreign task).</summary>
internal sealed record WakeItem : InboxItem;

/// <summary>
/// A start handed over in-process by the client that just inserted the instance: the actor begins from this record
/// instead of reading it back. Should the record be stale, the first commit's ETag check fails and the actor reloads.
/// </summary>
internal sealed record StartItem(InstanceRecord Record) : InboxItem;
