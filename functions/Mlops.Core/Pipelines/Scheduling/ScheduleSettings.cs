namespace Mlops.Core.Pipelines.Scheduling;

/// <summary>A schedule from configuration: <c>Pipelines:Scheduler:Schedules:{key}:Cron</c>, <c>:Workflow</c>, <c>:Input</c>, <c>:TimeZone</c>.</summary>
public sealed class ScheduleSettings
{
    /// <summary>Six-field cron (seconds first).</summary>
    public string Cron { get; set; } = string.Empty;

    /// <summary>The workflow to start.</summary>
    public string Workflow { get; set; } = string.Empty;

    /// <summary>The input as JSON text; default none.</summary>
    public string? Input { get; set; }

    /// <summary>A time zone id (e.g. <c>Europe/Paris</c>); default UTC.</summary>
    public string? TimeZone { get; set; }
}
