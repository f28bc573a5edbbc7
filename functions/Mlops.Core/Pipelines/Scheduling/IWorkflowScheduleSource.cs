namespace Mlops.Core.Pipelines.Scheduling;

/// <summary>
/// Supplies schedules; read again on every scheduler tick, so a source backed by stored policies (e.g. retraining per
/// model) takes effect without a restart. Register with <c>services.AddSingleton&lt;IWorkflowScheduleSource, …&gt;()</c>.
/// </summary>
public interface IWorkflowScheduleSource
{
    /// <summary>The current schedules.</summary>
    Task<IReadOnlyList<WorkflowSchedule>> GetSchedulesAsync(CancellationToken cancellationToken = default);
}
