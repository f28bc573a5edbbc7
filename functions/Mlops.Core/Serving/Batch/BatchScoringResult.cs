namespace Mlops.Core.Serving.Batch;

/// <summary>The output of <c>BatchScoringWorkflow</c>: where the scores are and which version made them.</summary>
/// <param name="Model">The model.</param>
/// <param name="Version">The version that scored (the alias's target when the run started scoring).</param>
/// <param name="Rows">Rows scored.</param>
/// <param name="OutputUri">The scores: <c>blob://scoring-output/{model}/{file}-v{version}-{digest}.csv</c>.</param>
/// <param name="DataDigest">SHA-256 of the input rows.</param>
public sealed record BatchScoringResult(string Model, int Version, int Rows, string OutputUri, string DataDigest);
