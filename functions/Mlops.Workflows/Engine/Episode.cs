namespace Mlops.Workflows.Engine;

/// <summary>
/// One step of an execution, committed atomically: the events applied and the actions they caused, in the order they
/// happened, with the step's time (the workflow's clock during the step).
/// </summary>
internal sealed record Episode(int Sequence, DateTimeOffset Timestamp, IReadOnlyList<HistoryEvent> Events);
