namespace Mlops.Core.Pipelines.Scheduling;

/// <summary>
/// A workflow started on a six-field cron schedule (seconds first, as Azure Functions' NCRONTAB), at most one instance
/// running per <see cref="Key"/>: an occurrence that comes while the previous run still runs is skipped.
/// </summary>
/// <param name="Key">Identifies the schedule (e.g. <c>retrain-churn</c>): 1-100 letters, digits, '-', '_' or '.'. Each run's
/// instance id is <c>{Key}-{occurrence as yyyyMMddTHHmmssZ}</c>, so hosts sharing storage start an occurrence once.</param>
/// <param name="Cron">The schedule, e.g. <c>0 0 3 * * *</c> (03:00 every day).</param>
/// <param name="Workflow">The workflow to start.</param>
/// <param name="Input">Builds the input for an occurrence; default none.</param>
/// <param name="TimeZone">The zone the schedule is read in; default UTC.</param>
public sealed record WorkflowSchedule(
    string Key,
    string Cron,
    string Workflow,
    Func<ScheduleOccurrence, object?>? Input = null,
    TimeZoneInfo? TimeZone = null);
