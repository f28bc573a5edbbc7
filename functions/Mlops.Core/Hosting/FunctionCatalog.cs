using Mlops.Core.Api;

namespace Mlops.Core.Hosting;

/// <summary>
/// Every route, timer, blob path, workflow and activity of the platform, by name. The server maps its endpoints
/// and background services from it; a test checks that the Functions app declares exactly these functions.
/// </summary>
public static class FunctionCatalog
{
    /// <summary>HTTP routes.</summary>
    public static IReadOnlyList<HttpFunction> Http { get; } =
    [
        new("Health", "get", "api/health", AccessLevel.Anonymous),

        new("ListModels", "get", "api/models", AccessLevel.Function),
        new("GetModel", "get", "api/models/{name}", AccessLevel.Function),
        new("ListModelVersions", "get", "api/models/{name}/versions", AccessLevel.Function),
        new("RegisterModelVersion", "post", "api/models/{name}/versions", AccessLevel.Admin, Limit: BodyLimit.Upload),
        new("GetModelVersion", "get", "api/models/{name}/versions/{version}", AccessLevel.Function),
        new("UpdateModelVersion", "patch", "api/models/{name}/versions/{version}", AccessLevel.Admin),
        new("GetModelArtifact", "get", "api/models/{name}/versions/{version}/artifact", AccessLevel.Function),
        new("GetModelLineage", "get", "api/models/{name}/versions/{version}/lineage", AccessLevel.Function),
        new("GetModelAlias", "get", "api/models/{name}/aliases/{alias}", AccessLevel.Function),
        new("SetModelAlias", "put", "api/models/{name}/aliases/{alias}", AccessLevel.Admin),
        new("DeleteModelAlias", "delete", "api/models/{name}/aliases/{alias}", AccessLevel.Admin),
        new("ListAudit", "get", "api/audit", AccessLevel.Admin),
        new("GetModelProfile", "get", "api/models/{name}/versions/{version}/profile", AccessLevel.Function),

        new("Train", "post", "api/train", AccessLevel.Admin),
        new("ListExperiments", "get", "api/experiments", AccessLevel.Function),
        new("ListExperimentRuns", "get", "api/experiments/{name}/runs", AccessLevel.Function),
        new("GetExperimentRun", "get", "api/experiments/{name}/runs/{runId}", AccessLevel.Function),
        new("CompareExperimentRuns", "get", "api/experiments/{name}/compare", AccessLevel.Function),

        new("Predict", "post", "api/models/{name}/predict", AccessLevel.Function),
        new("ListPredictions", "get", "api/models/{name}/predictions", AccessLevel.Function),

        // Monitoring: drift checks, reports, policy, feedback and live performance.
        new("GetModelDrift", "get", "api/models/{name}/drift", AccessLevel.Function),
        new("ListModelDriftChecks", "get", "api/models/{name}/drift/history", AccessLevel.Function),
        new("CheckModelDrift", "post", "api/models/{name}/drift/check", AccessLevel.Admin, Limit: BodyLimit.Upload),
        new("GetModelDriftReport", "get", "api/models/{name}/drift/report", AccessLevel.Function),
        new("SetModelDriftReference", "put", "api/models/{name}/drift/reference", AccessLevel.Admin, Limit: BodyLimit.Upload),
        new("GetMonitoringPolicy", "get", "api/models/{name}/monitoring", AccessLevel.Function),
        new("SetMonitoringPolicy", "put", "api/models/{name}/monitoring", AccessLevel.Admin),
        new("PostModelFeedback", "post", "api/models/{name}/feedback", AccessLevel.Function),
        new("GetModelPerformance", "get", "api/models/{name}/performance", AccessLevel.Function),

        new("InferenceServerMetadata", "get", "v2", AccessLevel.Anonymous, ErrorStyle.InferenceProtocol),
        new("InferenceServerLive", "get", "v2/health/live", AccessLevel.Anonymous, ErrorStyle.InferenceProtocol),
        new("InferenceServerReady", "get", "v2/health/ready", AccessLevel.Anonymous, ErrorStyle.InferenceProtocol),
        new("InferenceModelMetadata", "get", "v2/models/{name}", AccessLevel.Function, ErrorStyle.InferenceProtocol),
        new("InferenceModelVersionMetadata", "get", "v2/models/{name}/versions/{version}", AccessLevel.Function, ErrorStyle.InferenceProtocol),
        new("InferenceModelReady", "get", "v2/models/{name}/ready", AccessLevel.Function, ErrorStyle.InferenceProtocol),
        new("InferenceModelVersionReady", "get", "v2/models/{name}/versions/{version}/ready", AccessLevel.Function, ErrorStyle.InferenceProtocol),
        new("InferenceModelInfer", "post", "v2/models/{name}/infer", AccessLevel.Function, ErrorStyle.InferenceProtocol),
        new("InferenceModelVersionInfer", "post", "v2/models/{name}/versions/{version}/infer", AccessLevel.Function, ErrorStyle.InferenceProtocol),

        new("StartPipeline", "post", "api/pipelines/{workflow}", AccessLevel.Admin),
        new("ListPipelines", "get", "api/pipelines", AccessLevel.Function),
        new("GetPipeline", "get", "api/pipelines/{instanceId}", AccessLevel.Function),
        new("RaisePipelineEvent", "post", "api/pipelines/{instanceId}/events/{event}", AccessLevel.Admin),
        new("TerminatePipeline", "post", "api/pipelines/{instanceId}/terminate", AccessLevel.Admin),
        new("PurgePipeline", "delete", "api/pipelines/{instanceId}", AccessLevel.Admin),

        // Training workflows: a model's training, gate and retraining policy.
        new("GetModelPolicy", "get", "api/models/{name}/policy", AccessLevel.Function),
        new("PutModelPolicy", "put", "api/models/{name}/policy", AccessLevel.Admin),
        new("DeleteModelPolicy", "delete", "api/models/{name}/policy", AccessLevel.Admin),

        // Feature store: definitions and materialization (features-core).
        new("ListFeatureViews", "get", "api/features/views", AccessLevel.Function),
        new("CreateFeatureView", "post", "api/features/views", AccessLevel.Admin),
        new("GetFeatureView", "get", "api/features/views/{view}", AccessLevel.Function),
        new("DefineFeatureView", "put", "api/features/views/{view}", AccessLevel.Admin),
        new("MaterializeFeatureView", "post", "api/features/views/{view}/materialize", AccessLevel.Admin),

        // Feature serving (Feast's online read shape).
        new("GetOnlineFeatures", "post", "api/features/online", AccessLevel.Function),
    ];

    /// <summary>
    /// HTTP routes only the standalone server maps: in Azure the Functions host owns <c>/runtime/webhooks/...</c> and
    /// delivers Event Grid events to the blob triggers in <see cref="Blobs"/> itself.
    /// </summary>
    public static IReadOnlyList<HttpFunction> ServerHttp { get; } =
    [
        new("EventGridWebhook", "post", "runtime/webhooks/eventgrid", AccessLevel.Function),
        new("EventGridWebhookHandshake", "options", "runtime/webhooks/eventgrid", AccessLevel.Function),
    ];

    /// <summary>Timer-triggered functions.</summary>
    public static IReadOnlyList<TimerFunction> Timers { get; } =
    [
        // Evaluates the workflow schedules (the server runs its own loop, to the second).
        new("PipelineScheduler", "Pipelines__Scheduler__Tick", "0 * * * * *"),

        // Delivers outbox events to webhooks (the server runs its own loop, woken at each publish).
        new("PlatformEventDelivery", "Events__DeliverySchedule", "30 * * * * *"),
    ];

    /// <summary>Blob-triggered functions (Event Grid source): a new blob starts its container's workflow.</summary>
    public static IReadOnlyList<BlobFunction> Blobs { get; } =
    [
        new("TrainingDataDropped", "training-data/{name}"),
        new("ScoringInputDropped", "scoring-input/{name}"),
        new("FeatureSourceDropped", "feature-sources/{name}"),
    ];

    /// <summary>Orchestrations (workflows), by name: each is registered in Mlops.Core (<c>AddPipelines</c>).</summary>
    public static IReadOnlyList<string> Workflows { get; } =
    [
        "SelfTest",

        // Training workflows (Mlops.Core/Training/Workflows).
        "TrainingWorkflow",
        "RetrainingWorkflow",

        // Batch scoring (Mlops.Core/Serving/Batch).
        "BatchScoringWorkflow",

        // Monitoring: the scheduled check of one model.
        "ModelMonitoringWorkflow",

        // Feature store (features-core).
        "FeatureMaterializationWorkflow",
    ];

    /// <summary>Activities, by name: each is registered in Mlops.Core (<c>AddPipelines</c>).</summary>
    public static IReadOnlyList<string> Activities { get; } =
    [
        "SelfTestActivity",
        "PublishPipelineEvent",

        // Training workflows (Mlops.Core/Training/Workflows).
        "TrainingPrepare",
        "TrainingCandidate",
        "TrainingEvaluate",
        "TrainingRegister",
        "TrainingSetAlias",
        "RetrainingSelectData",

        // Batch scoring (Mlops.Core/Serving/Batch).
        "ResolveScoringModel",
        "ScoreBatch",

        // Monitoring: the check itself.
        "RunModelMonitoring",

        // Feature store (features-core).
        "PlanFeatureMaterialization",
        "MaterializeFeatureChunk",
    ];

    /// <summary>Looks up an HTTP function (of <see cref="Http"/> or <see cref="ServerHttp"/>) by name.</summary>
    public static HttpFunction GetHttp(string name) =>
        Http.FirstOrDefault(f => f.Name == name)
        ?? ServerHttp.FirstOrDefault(f => f.Name == name)
        ?? throw new KeyNotFoundException($"No HTTP function named '{name}' in the catalog.");
}
