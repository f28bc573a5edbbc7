namespace Mlops.Core.Events;

/// <summary>
/// CloudEvent types the platform publishes (source <c>Events:Source</c>, default <c>/mlops</c>; data is camelCase JSON).
/// <list type="bullet">
/// <item><see cref="ModelVersionRegistered"/>, subject <c>models/{name}/versions/{version}</c>: <c>model, version, sha256,
/// artifactUri, runId, createdBy, createdAt, metrics</c>.</item>
/// <item><see cref="AliasChanged"/>, subject <c>models/{name}/aliases/{alias}</c>: <c>model, alias, version</c> (absent when
/// deleted), <c>previousVersion, changedBy, changedAt</c>.</item>
/// <item><see cref="PipelineCompleted"/>, subject <c>pipelines/{instanceId}</c>: <c>workflow, instanceId, finishedAt,
/// output</c> (absent and <c>outputTruncated: true</c> when over 16 KiB).</item>
/// <item><see cref="PipelineFailed"/>, subject <c>pipelines/{instanceId}</c>: <c>workflow, instanceId, finishedAt, errorType,
/// errorMessage</c>.</item>
/// <item><see cref="DriftDetected"/>, subject <c>models/{name}/drift/{checkId}</c>: <c>model, version, alias, checkId,
/// checkedAt, driftShare, datasetDrift, predictionDrift, driftedFeatures, reportUri</c>.</item>
/// <item><see cref="PerformanceDegraded"/>, subject <c>models/{name}/drift/{checkId}</c>: <c>model, version, alias, checkId,
/// checkedAt, degraded</c> (per metric: <c>metric, live, baseline, change, rows</c>), <c>reportUri</c>.</item>
/// </list>
/// </summary>
public static class PlatformEventTypes
{
    /// <summary>A model version was registered.</summary>
    public const string ModelVersionRegistered = "Mlops.ModelVersionRegistered";

    /// <summary>An alias was set, moved or deleted.</summary>
    public const string AliasChanged = "Mlops.AliasChanged";

    /// <summary>A platform workflow completed.</summary>
    public const string PipelineCompleted = "Mlops.PipelineCompleted";

    /// <summary>A platform workflow failed.</summary>
    public const string PipelineFailed = "Mlops.PipelineFailed";

    /// <summary>A monitoring check found the live data drifted from the serving version's training data.</summary>
    public const string DriftDetected = "Mlops.DriftDetected";

    /// <summary>A monitoring check found a live metric worse than the version's test metric by more than the policy allows.</summary>
    public const string PerformanceDegraded = "Mlops.PerformanceDegraded";
}
