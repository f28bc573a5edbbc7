namespace Mlops.Core.Pipelines;

/// <summary>
/// Names of the platform's workflows and activities. Each one written is registered in
/// <see cref="PipelinesServiceCollectionExtensions.AddPipelines"/> and listed in <c>FunctionCatalog.Workflows</c> /
/// <c>FunctionCatalog.Activities</c>, where the Functions app gets an orchestrator or activity function for it.
/// </summary>
public static class PipelineWorkflowNames
{
    /// <summary>Training on a data drop (<c>training-data/{model}/...</c>); implemented by the training area.</summary>
    public const string Training = "TrainingWorkflow";

    /// <summary>Retraining a registered model on its latest data (<see cref="RetrainingInput"/>): schedule, drift, data drop or manual.</summary>
    public const string Retraining = "RetrainingWorkflow";

    /// <summary>Batch scoring of a drop in <c>scoring-input/{model}/...</c>; implemented by the serving area.</summary>
    public const string BatchScoring = "BatchScoringWorkflow";

    /// <summary>Materializing a feature view from a drop in <c>feature-sources/{view}/...</c>; implemented by the feature store.</summary>
    public const string FeatureMaterialization = "FeatureMaterializationWorkflow";

    /// <summary>A smoke test of the orchestration plumbing: an activity, and optionally an event wait with a timer.</summary>
    public const string SelfTest = "SelfTest";

    /// <summary>The self-test's activity.</summary>
    public const string SelfTestActivity = "SelfTestActivity";

    /// <summary>Publishes <c>PipelineCompleted</c> / <c>PipelineFailed</c> for a platform workflow.</summary>
    public const string PublishPipelineEvent = "PublishPipelineEvent";
}
