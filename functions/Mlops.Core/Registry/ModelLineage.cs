namespace Mlops.Core.Registry;

/// <summary>Where a model version came from.</summary>
/// <param name="TrainingDataUri">The training data's immutable location (a <c>datasets/</c> snapshot or a blob version).</param>
/// <param name="TrainingDataDigest">SHA-256 of the training data, hex.</param>
/// <param name="CodeRevision">The code revision (git commit) that trained it.</param>
/// <param name="RunId">The training run (workflow instance) id.</param>
/// <param name="Environment">Runtime and package versions, e.g. <c>dotnet</c>, <c>Microsoft.ML</c>.</param>
public sealed record ModelLineage(
    string? TrainingDataUri = null,
    string? TrainingDataDigest = null,
    string? CodeRevision = null,
    string? RunId = null,
    IReadOnlyDictionary<string, string>? Environment = null);
