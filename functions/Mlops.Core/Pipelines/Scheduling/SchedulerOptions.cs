using System.ComponentModel.DataAnnotations;

namespace Mlops.Core.Pipelines.Scheduling;

/// <summary>The workflow scheduler (section <c>Pipelines:Scheduler</c>).</summary>
public sealed class SchedulerOptions
{
    /// <summary>The configuration section name.</summary>
    public const string SectionName = "Pipelines:Scheduler";

    /// <summary>Run the scheduler loop in the server. Default true.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Longest sleep between ticks, so new or changed schedules are picked up. Default 1 min.</summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "01:00:00", ErrorMessage = "Pipelines:Scheduler:RefreshInterval must be between 50 ms and 1 hour.")]
    public TimeSpan RefreshInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Schedules from configuration, by key.</summary>
    public Dictionary<string, ScheduleSettings> Schedules { get; set; } = new(StringComparer.Ordinal);
}
