using Mlops.Core.Pipelines;
using Mlops.Core.Pipelines.Scheduling;

namespace Mlops.Core.Training.Workflows;

/// <summary>
/// One schedule per model whose policy has <c>retraining.cron</c>: key <c>retrain-{model}</c>, starting
/// <c>RetrainingWorkflow</c> with reason <c>schedule</c>. Read on every scheduler tick, so a policy change applies without a
/// restart; the scheduler skips an occurrence while the model's previous scheduled run still runs.
/// </summary>
internal sealed class RetrainingScheduleSource(IModelPolicyStore policies) : IWorkflowScheduleSource
{
    public const string KeyPrefix = "retrain-";

    public async Task<IReadOnlyList<WorkflowSchedule>> GetSchedulesAsync(CancellationToken cancellationToken = default)
    {
        var schedules = new List<WorkflowSchedule>();
        await foreach (var (model, policy) in policies.ListAsync(cancellationToken).ConfigureAwait(false))
        {
            if (policy.Retraining is not { Cron: { Length: > 0 } cron } retraining)
            {
                continue;
            }

            TimeZoneInfo? zone = null;
            if (retraining.TimeZone is { } id && !TimeZoneInfo.TryFindSystemTimeZoneById(id, out zone))
            {
                continue;
            }

            schedules.Add(new WorkflowSchedule(
                KeyPrefix + model,
                cron,
                PipelineWorkflowNames.Retraining,
                occurrence => new RetrainingInput(model, TrainingReasons.Schedule, $"Retraining schedule '{cron}', occurrence {occurrence.DueAt:O}."),
                zone));
        }

        return schedules;
    }
}
