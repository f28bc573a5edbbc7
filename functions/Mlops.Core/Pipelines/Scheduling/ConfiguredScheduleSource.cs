using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Mlops.Core.Pipelines.Scheduling;

/// <summary>Schedules registered in code (<c>services.AddWorkflowSchedule</c>) and from configuration.</summary>
internal sealed class ConfiguredScheduleSource(
    IEnumerable<WorkflowSchedule> registered,
    IOptionsMonitor<SchedulerOptions> options,
    ILogger<ConfiguredScheduleSource> logger) : IWorkflowScheduleSource
{
    public Task<IReadOnlyList<WorkflowSchedule>> GetSchedulesAsync(CancellationToken cancellationToken = default)
    {
        var schedules = registered.ToList();
        foreach (var (key, settings) in options.CurrentValue.Schedules)
        {
            if (FromSettings(key, settings) is { } schedule)
            {
                schedules.Add(schedule);
            }
        }

        return Task.FromResult<IReadOnlyList<WorkflowSchedule>>(schedules);
    }

    private WorkflowSchedule? FromSettings(string key, ScheduleSettings settings)
    {
        JsonElement? input = null;
        if (!string.IsNullOrWhiteSpace(settings.Input))
        {
            try
            {
                using var document = JsonDocument.Parse(settings.Input);
                input = document.RootElement.Clone();
            }
            catch (JsonException ex)
            {
                PipelineLog.ScheduleInvalid(logger, key, $"Pipelines:Scheduler:Schedules:{key}:Input is not JSON: {ex.Message}");
                return null;
            }
        }

        TimeZoneInfo? zone = null;
        if (!string.IsNullOrWhiteSpace(settings.TimeZone) && !TimeZoneInfo.TryFindSystemTimeZoneById(settings.TimeZone, out zone))
        {
            PipelineLog.ScheduleInvalid(logger, key, $"Pipelines:Scheduler:Schedules:{key}:TimeZone '{settings.TimeZone}' is not a known time zone");
            return null;
        }

        return new WorkflowSchedule(key, settings.Cron, settings.Workflow, input is null ? null : _ => input, zone);
    }
}
