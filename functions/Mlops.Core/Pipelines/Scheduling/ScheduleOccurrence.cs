namespace Mlops.Core.Pipelines.Scheduling;

/// <summary>One due occurrence of a schedule, handed to its input factory.</summary>
/// <param name="Key">The schedule's key.</param>
/// <param name="DueAt">The occurrence's time (UTC).</param>
/// <param name="InstanceId">The instance id the run gets.</param>
public sealed record ScheduleOccurrence(string Key, DateTimeOffset DueAt, string InstanceId);
