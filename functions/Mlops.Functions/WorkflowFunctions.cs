using System.Text.Json;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;
using Mlops.Functions.Durable;

namespace Mlops.Functions;

/// <summary>
/// One orchestrator per catalog workflow and one activity function per catalog activity (<c>FunctionCatalog.Workflows</c>,
/// <c>FunctionCatalog.Activities</c>), each running the Mlops.Core registration of the same name through the
/// <see cref="TaskOrchestrationContext"/> adapter. A new workflow or activity adds one such line here.
/// </summary>
public static class WorkflowFunctions
{
    [Function(nameof(SelfTest))]
    public static Task<JsonElement?> SelfTest([OrchestrationTrigger] TaskOrchestrationContext context, FunctionContext function) =>
        DurableWorkflows.RunAsync(context, function);

    [Function(nameof(SelfTestActivity))]
    public static Task<JsonElement?> SelfTestActivity([ActivityTrigger] JsonElement input, FunctionContext function) =>
        DurableWorkflows.RunActivityAsync(nameof(SelfTestActivity), input, function);

    [Function(nameof(PublishPipelineEvent))]
    public static Task<JsonElement?> PublishPipelineEvent([ActivityTrigger] JsonElement input, FunctionContext function) =>
        DurableWorkflows.RunActivityAsync(nameof(PublishPipelineEvent), input, function);

    // Feature store (features-core).
    [Function(nameof(FeatureMaterializationWorkflow))]
    public static Task<JsonElement?> FeatureMaterializationWorkflow([OrchestrationTrigger] TaskOrchestrationContext context, FunctionContext function) =>
        DurableWorkflows.RunAsync(context, function);

    [Function(nameof(PlanFeatureMaterialization))]
    public static Task<JsonElement?> PlanFeatureMaterialization([ActivityTrigger] JsonElement input, FunctionContext function) =>
        DurableWorkflows.RunActivityAsync(nameof(PlanFeatureMaterialization), input, function);

    [Function(nameof(MaterializeFeatureChunk))]
    public static Task<JsonElement?> MaterializeFeatureChunk([ActivityTrigger] JsonElement input, FunctionContext function) =>
        DurableWorkflows.RunActivityAsync(nameof(MaterializeFeatureChunk), input, function);
}
