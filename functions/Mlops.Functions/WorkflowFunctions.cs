using System.Text.Json;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
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

    // Training workflows (Mlops.Core/Training/Workflows).
    [Function(nameof(TrainingWorkflow))]
    public static Task<JsonElement?> TrainingWorkflow([OrchestrationTrigger] TaskOrchestrationContext context, FunctionContext function) =>
        DurableWorkflows.RunAsync(context, function);

    [Function(nameof(RetrainingWorkflow))]
    public static Task<JsonElement?> RetrainingWorkflow([OrchestrationTrigger] TaskOrchestrationContext context, FunctionContext function) =>
        DurableWorkflows.RunAsync(context, function);

    [Function(nameof(TrainingPrepare))]
    public static Task<JsonElement?> TrainingPrepare([ActivityTrigger] JsonElement input, FunctionContext function) =>
        DurableWorkflows.RunActivityAsync(nameof(TrainingPrepare), input, function);

    [Function(nameof(TrainingCandidate))]
    public static Task<JsonElement?> TrainingCandidate([ActivityTrigger] JsonElement input, FunctionContext function) =>
        DurableWorkflows.RunActivityAsync(nameof(TrainingCandidate), input, function);

    [Function(nameof(TrainingEvaluate))]
    public static Task<JsonElement?> TrainingEvaluate([ActivityTrigger] JsonElement input, FunctionContext function) =>
        DurableWorkflows.RunActivityAsync(nameof(TrainingEvaluate), input, function);

    [Function(nameof(TrainingRegister))]
    public static Task<JsonElement?> TrainingRegister([ActivityTrigger] JsonElement input, FunctionContext function) =>
        DurableWorkflows.RunActivityAsync(nameof(TrainingRegister), input, function);

    [Function(nameof(TrainingSetAlias))]
    public static Task<JsonElement?> TrainingSetAlias([ActivityTrigger] JsonElement input, FunctionContext function) =>
        DurableWorkflows.RunActivityAsync(nameof(TrainingSetAlias), input, function);

    [Function(nameof(RetrainingSelectData))]
    public static Task<JsonElement?> RetrainingSelectData([ActivityTrigger] JsonElement input, FunctionContext function) =>
        DurableWorkflows.RunActivityAsync(nameof(RetrainingSelectData), input, function);

    // Batch scoring (Mlops.Core/Serving/Batch).
    [Function(nameof(BatchScoringWorkflow))]
    public static Task<JsonElement?> BatchScoringWorkflow([OrchestrationTrigger] TaskOrchestrationContext context, FunctionContext function) =>
        DurableWorkflows.RunAsync(context, function);

    [Function(nameof(ResolveScoringModel))]
    public static Task<JsonElement?> ResolveScoringModel([ActivityTrigger] JsonElement input, FunctionContext function) =>
        DurableWorkflows.RunActivityAsync(nameof(ResolveScoringModel), input, function);

    [Function(nameof(ScoreBatch))]
    public static Task<JsonElement?> ScoreBatch([ActivityTrigger] JsonElement input, FunctionContext function) =>
        DurableWorkflows.RunActivityAsync(nameof(ScoreBatch), input, function);

    [Function(nameof(ModelMonitoringWorkflow))]
    public static Task<JsonElement?> ModelMonitoringWorkflow([OrchestrationTrigger] TaskOrchestrationContext context, FunctionContext function) =>
        DurableWorkflows.RunAsync(context, function);

    [Function(nameof(RunModelMonitoring))]
    public static Task<JsonElement?> RunModelMonitoring([ActivityTrigger] JsonElement input, [DurableClient] DurableTaskClient client, FunctionContext function) =>
        DurableWorkflows.RunActivityAsync(nameof(RunModelMonitoring), input, function, client);

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
