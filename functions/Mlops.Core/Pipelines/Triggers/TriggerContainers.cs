namespace Mlops.Core.Pipelines.Triggers;

/// <summary>Logical names of the trigger containers besides <c>training-data</c> (resolved through <c>StorageNames</c>).</summary>
public static class TriggerContainers
{
    /// <summary>Where users drop data to batch-score: <c>scoring-input/{model}/...</c>.</summary>
    public const string ScoringInput = "scoring-input";

    /// <summary>Where feature sources arrive: <c>feature-sources/{view}/...</c>.</summary>
    public const string FeatureSources = "feature-sources";
}
