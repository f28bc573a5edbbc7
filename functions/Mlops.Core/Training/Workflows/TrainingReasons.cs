using Mlops.Core.Diagnostics;

namespace Mlops.Core.Training.Workflows;

/// <summary>Why a model is (re)trained; recorded in the new version's lineage.</summary>
public static class TrainingReasons
{
    /// <summary>Started by a person or a client.</summary>
    public const string Manual = "manual";

    /// <summary>New data arrived in <c>training-data/{model}/</c>.</summary>
    public const string DataDrop = "dataDrop";

    /// <summary>The model's retraining schedule.</summary>
    public const string Schedule = "schedule";

    /// <summary>A drift check found the inputs drifted.</summary>
    public const string Drift = "drift";

    /// <summary>A performance check found the model got worse.</summary>
    public const string Performance = "performance";

    /// <summary>Every reason.</summary>
    public static IReadOnlyList<string> All { get; } = [Manual, DataDrop, Schedule, Drift, Performance];

    /// <summary>The reason, or a 400 naming <paramref name="field"/>.</summary>
    public static string Validate(string? reason, string field = "reason") =>
        All.Contains(reason, StringComparer.Ordinal)
            ? reason!
            : throw MlopsException.Validation($"{field} '{reason}' is unknown; use one of {string.Join(", ", All.Select(r => $"'{r}'"))}.", field);
}
