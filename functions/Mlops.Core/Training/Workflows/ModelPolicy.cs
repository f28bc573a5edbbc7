using System.Text.Json.Serialization;

namespace Mlops.Core.Training.Workflows;

/// <summary>
/// How a model is trained, promoted and retrained by the workflows: stored per model (<c>PUT /api/models/{name}/policy</c>,
/// table <c>ModelPolicies</c>) and read when a run starts, so a change applies to the next run.
/// </summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record ModelPolicy
{
    /// <summary>
    /// The training settings (a <see cref="TrainingRequest"/> without <c>model</c> and <c>data</c>, which each run fills
    /// in). A blob drop or a retraining needs at least the label. With <c>features</c>, each run's data are entity rows
    /// and those features are joined point-in-time; without, a champion that lists its features lends them.
    /// </summary>
    public TrainingRequest? Training { get; init; }

    /// <summary>The promotion gate; default automatic with margin 0.</summary>
    public GatePolicy? Gate { get; init; }

    /// <summary>The retraining schedule; default none.</summary>
    public RetrainingPolicy? Retraining { get; init; }

    /// <summary>When it was last saved (set by the store).</summary>
    public DateTimeOffset? UpdatedAt { get; init; }

    /// <summary>Who last saved it (set by the store).</summary>
    public string? UpdatedBy { get; init; }
}
