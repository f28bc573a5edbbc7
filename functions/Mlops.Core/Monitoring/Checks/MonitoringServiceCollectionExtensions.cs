using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Mlops.Core.Api;
using Mlops.Core.Pipelines.Scheduling;
using Mlops.Core.Storage;
using Mlops.Workflows;

namespace Mlops.Core.Monitoring.Checks;

/// <summary>Registers monitoring checks: policies, scheduled and on-demand checks, reports, feedback and their routes.</summary>
public static class MonitoringServiceCollectionExtensions
{
    /// <summary>
    /// Adds the monitoring services, tables (<c>MonitoringPolicies</c>, <c>MonitoringChecks</c>, <c>PredictionFeedback</c>),
    /// the <c>reports</c> container, the check workflow and activity, the per-model schedule source and the routes. Call
    /// after <c>AddPredictionLog</c>, <c>AddTraining</c>, <c>AddEvents</c> and <c>AddPipelines</c>.
    /// </summary>
    public static IHostApplicationBuilder AddMonitoring(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        services.AddStorageTable(MonitoringPolicyStore.Table);
        services.AddStorageTable(MonitoringCheckStore.Table);
        services.AddStorageTable(FeedbackStore.Table);
        services.AddStorageContainer(MonitoringCheckStore.Container);
        services.AddSingleton<MonitoringPolicyStore>();
        services.AddSingleton<MonitoringCheckStore>();
        services.AddSingleton<FeedbackStore>();
        services.AddSingleton<ReferenceDatasetStore>();
        services.AddSingleton<MonitoringService>();
        services.AddSingleton<FeedbackService>();
        services.AddSingleton<IWorkflowScheduleSource, MonitoringScheduleSource>();
        services.AddWorkflows(MonitoringWorkflow.Register);

        services.AddSingleton<MonitoringApi>();
        services.AddApiEndpoint<MonitoringApi>("GetModelDrift", (api, request, ct) => api.GetLatestAsync(request, ct));
        services.AddApiEndpoint<MonitoringApi>("ListModelDriftChecks", (api, request, ct) => api.GetHistoryAsync(request, ct));
        services.AddApiEndpoint<MonitoringApi>("CheckModelDrift", (api, request, ct) => api.CheckAsync(request, ct));
        services.AddApiEndpoint<MonitoringApi>("GetModelDriftReport", (api, request, ct) => api.GetReportAsync(request, ct));
        services.AddApiEndpoint<MonitoringApi>("SetModelDriftReference", (api, request, ct) => api.SetReferenceAsync(request, ct));
        services.AddApiEndpoint<MonitoringApi>("GetMonitoringPolicy", (api, request, ct) => api.GetPolicyAsync(request, ct));
        services.AddApiEndpoint<MonitoringApi>("SetMonitoringPolicy", (api, request, ct) => api.SetPolicyAsync(request, ct));
        services.AddApiEndpoint<MonitoringApi>("PostModelFeedback", (api, request, ct) => api.PostFeedbackAsync(request, ct));
        services.AddApiEndpoint<MonitoringApi>("GetModelPerformance", (api, request, ct) => api.GetPerformanceAsync(request, ct));
        return builder;
    }
}
