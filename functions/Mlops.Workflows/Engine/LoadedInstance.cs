namespace Mlops.Workflows.Engine;

/// <summary>An instance row with its current execution's history, and row keys left from older executions.</summary>
internal sealed record LoadedInstance(InstanceRecord Record, IReadOnlyList<Episode> History, IReadOnlyList<string> StaleRowKeys);
