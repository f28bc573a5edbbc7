namespace Mlops.Core.Serving.Batch;

/// <summary>What the scoring activity needs: the dropped blob, pinned to its ETag, and the version resolved at start.</summary>
/// <param name="Container">The input container's logical name (<c>scoring-input</c>).</param>
/// <param name="BlobName">The input blob, <c>{model}/...</c>.</param>
/// <param name="ETag">The content that was dropped; a blob replaced since is scored by its own run.</param>
/// <param name="Model">The model.</param>
/// <param name="Version">The version that scores every row.</param>
/// <param name="Alias">The alias it was resolved through.</param>
public sealed record BatchScoringInput(string Container, string BlobName, string ETag, string Model, int Version, string? Alias);
