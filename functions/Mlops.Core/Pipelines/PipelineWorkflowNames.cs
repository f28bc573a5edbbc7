namespace Mlops.Core.Pipelines;

/// <summary>
/// Names of the platform's workflows and activities. Each one written is registered in
/// <see cref="PipelinesServiceCollectionExtensions.AddPipelines"/> and listed in <c>FunctionCatalog.Workflows</c> /
/// <c>FunctionCatalog.Activities</c>, where the Functions app gets an orchestrator or activity function for it.
/// </summary>
public static class PipelineWorkflowNames
{
    /// <summary>Training a model (input <c>TrainingInput</c>): on a data drop in <c>training-data/{model}/...</c>, or started by hand.</summary>
    public const string Training = "TrainingWorkflow";

    /// <summary>Retraining a registered model on its latest data (<see cref="RetrainingInput"/>): schedule, drift, data drop or manual.</summary>
    public const string Retraining = "RetrainingWorkflow";

    /// <summary>Batch scoring (input <c>BatchScoringInput</c>) of a drop in <c>scoring-input/{model}/...</c> with the champion.</summary>
    public const string BatchScoring = "BatchScoringWorkflow";

    /// <summary>Materializing a feature view from a drop in <c>feature-sources/{view}/...</c>; implemented by the feature store.</summary>
    public const string FeatureMaterialization = "FeatureMaterializationWorkflow";

    /// <summary>A smoke test of the orchestration plumbing: an activity, and optionally an event wait with a timer.</summary>
    public const string SelfTest = "SelfTest";

    /// <summary>The self-test's activity.</summary>
    public const string SelfTestActivity = "SelfTestActivity";

    /// <summary>Training: takes the data in, validates, profiles and splits it.</summary>
    public const string TrainingPrepare = "TrainingPrepare";

    /// <summary>Training: trains one candidate of the sweep (fanned out, one call per candidate).</summary>
    public const string TrainingCandidate = "TrainingCandidate";

    /// <summary>Training: measures the winner and the current champion on the same test rows.</summary>
    public const string TrainingEvaluate = "TrainingEvaluate";

    /// <summary>Training: registers the winner with lineage (idempotent per instance).</summary>
    public const string TrainingRegister = "TrainingRegister";

    /// <summary>Training: points an alias at the new version.</summary>
    public const string TrainingSetAlias = "TrainingSetAlias";

    /// <summary>Retraining: chooses the data (the latest under <c>training-data/{model}/</c> when none is given).</summary>
    public const string RetrainingSelectData = "RetrainingSelectData";

    /// <summary>Publishes <c>PipelineCompleted</c> / <c>PipelineFailed</c> for a platform workflow.</summary>
    public const string PublishPipelineEvent = "PublishPipelineEvent";
}
