namespace Mlops.Core.Monitoring.Checks;

/// <summary>The scheduled check's workflow and activity, listed in <c>FunctionCatalog.Workflows</c> / <c>.Activities</c>.</summary>
internal static class MonitoringWorkflowNames
{
    /// <summary>Runs one scheduled check of a model (started by the workflow scheduler from the model's policy).</summary>
    public const string Check = "ModelMonitoringWorkflow";

    /// <summary>The check itself (storage, events, retraining), as an activity.</summary>
    public const string CheckActivity = "RunModelMonitoring";

    /// <summary>Schedule keys are <c>monitor-{model}</c>.</summary>
    public const string SchedulePrefix = "monitor-";
}
