using Mlops.Core.Pipelines.Scheduling;

namespace Mlops.Core.Monitoring.Checks;

/// <summary>
/// One schedule per model with a stored, enabled monitoring policy: key <c>monitor-{model}</c>, the policy's cron,
/// <see cref="MonitoringWorkflowNames.Check"/> with the model and the occurrence. Read on every scheduler tick, so a
/// policy change takes effect without a restart.
/// </summary>
internal sealed class MonitoringScheduleSource(MonitoringPolicyStore policies) : IWorkflowScheduleSource
{
    public async Task<IReadOnlyList<WorkflowSchedule>> GetSchedulesAsync(CancellationToken cancellationToken = default)
    {
        var schedules = new List<WorkflowSchedule>();
        await foreach (var stored in policies.ListAsync(cancellationToken).ConfigureAwait(false))
        {
            if (stored.IsStored && stored.Policy.Enabled)
            {
                var model = stored.Model;
                schedules.Add(new WorkflowSchedule(
                    MonitoringWorkflowNames.SchedulePrefix + model,
                    stored.Policy.Cron,
                    MonitoringWorkflowNames.Check,
                    occurrence => new MonitoringCheckInput(model, occurrence.DueAt)));
            }
        }

        return schedules;
    }
}
