using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using Mlops.AspNetCore;
using Mlops.Functions.Durable;

namespace Mlops.Functions;

/// <summary>Monitoring: drift checks and their reports, the per-model policy, feedback and live performance.</summary>
/// <remarks>Each function hands the request to the core dispatcher under its catalog name; the on-demand check gets Durable's
/// client, since it may start the retraining workflow. Scheduled checks run as the <c>ModelMonitoringWorkflow</c> orchestration,
/// started by the <c>PipelineScheduler</c> timer from each model's policy.</remarks>
public static class MonitoringFunctions
{
    [Function(nameof(GetModelDrift))]
    public static IActionResult GetModelDrift(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "api/models/{name}/drift")] HttpRequest request) =>
        new ApiActionResult(nameof(GetModelDrift));

    [Function(nameof(ListModelDriftChecks))]
    public static IActionResult ListModelDriftChecks(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "api/models/{name}/drift/history")] HttpRequest request) =>
        new ApiActionResult(nameof(ListModelDriftChecks));

    [Function(nameof(CheckModelDrift))]
    public static IActionResult CheckModelDrift(
        [HttpTrigger(AuthorizationLevel.Admin, "post", Route = "api/models/{name}/drift/check")] HttpRequest request,
        [DurableClient] DurableTaskClient client) =>
        DurableWorkflows.Dispatch(request, client, nameof(CheckModelDrift));

    [Function(nameof(GetModelDriftReport))]
    public static IActionResult GetModelDriftReport(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "api/models/{name}/drift/report")] HttpRequest request) =>
        new ApiActionResult(nameof(GetModelDriftReport));

    [Function(nameof(SetModelDriftReference))]
    public static IActionResult SetModelDriftReference(
        [HttpTrigger(AuthorizationLevel.Admin, "put", Route = "api/models/{name}/drift/reference")] HttpRequest request) =>
        new ApiActionResult(nameof(SetModelDriftReference));

    [Function(nameof(GetMonitoringPolicy))]
    public static IActionResult GetMonitoringPolicy(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "api/models/{name}/monitoring")] HttpRequest request) =>
        new ApiActionResult(nameof(GetMonitoringPolicy));

    [Function(nameof(SetMonitoringPolicy))]
    public static IActionResult SetMonitoringPolicy(
        [HttpTrigger(AuthorizationLevel.Admin, "put", Route = "api/models/{name}/monitoring")] HttpRequest request) =>
        new ApiActionResult(nameof(SetMonitoringPolicy));

    [Function(nameof(PostModelFeedback))]
    public static IActionResult PostModelFeedback(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "api/models/{name}/feedback")] HttpRequest request) =>
        new ApiActionResult(nameof(PostModelFeedback));

    [Function(nameof(GetModelPerformance))]
    public static IActionResult GetModelPerformance(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "api/models/{name}/performance")] HttpRequest request) =>
        new ApiActionResult(nameof(GetModelPerformance));
}
