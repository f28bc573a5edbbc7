using Microsoft.Extensions.DependencyInjection;
using Mlops.Core.Diagnostics;
using Mlops.Core.Pipelines;
using Mlops.Workflows;

namespace Mlops.Core.Monitoring.Checks;

/// <summary>
/// The scheduled check: the workflow scheduler starts it per model from the model's policy
/// (<see cref="MonitoringScheduleSource"/>), so both hosts run checks through the one scheduler, and a check still
/// running when the next occurrence comes makes the scheduler skip that occurrence.
/// </summary>
internal static class MonitoringWorkflow
{
    public static void Register(WorkflowRegistry registry) => registry
        .AddActivity<MonitoringCheckInput, MonitoringCheckOutcome>(MonitoringWorkflowNames.CheckActivity, RunCheckAsync)
        .AddPlatformWorkflow<MonitoringCheckInput, MonitoringCheckOutcome>(MonitoringWorkflowNames.Check, (context, input) =>
            context.CallActivityAsync<MonitoringCheckOutcome>(
                MonitoringWorkflowNames.CheckActivity,
                input,
                options: WorkflowTaskOptions.FromRetryPolicy(new WorkflowRetryPolicy(3, TimeSpan.FromSeconds(10), 2.0))));

    private static async Task<MonitoringCheckOutcome> RunCheckAsync(MonitoringCheckInput input, ActivityContext context, CancellationToken cancellationToken)
    {
        var service = context.Services.GetRequiredService<MonitoringService>();

        // The check id comes from the instance, so an activity that runs again replaces its own check instead of adding one.
        var client = context.Services.GetService<PipelineClientScope>()?.Client;
        MonitoringReport report;
        try
        {
            report = await service.CheckAsync(
                input.Model,
                new MonitoringCheckRequest("schedule", To: input.DueAt, CheckId: context.InstanceId),
                client,
                cancellationToken).ConfigureAwait(false);
        }
        catch (MlopsException ex) when (ex.Category is ErrorCategory.NotFound or ErrorCategory.Validation or ErrorCategory.Unprocessable)
        {
            // A model without an alias, a profile or a valid policy: retrying cannot help, so the run ends with the reason.
            return new MonitoringCheckOutcome(context.InstanceId, 0, "error", 0, [], null, null, ex.Message);
        }

        return new MonitoringCheckOutcome(
            report.CheckId,
            report.Version,
            report.Drift.Status.ToString(),
            report.Drift.DriftShare,
            report.Alerts,
            report.Retraining is { Started: true } started ? started.InstanceId : null,
            report.ReportUri);
    }
}
