namespace Mlops.Core.Serving.Batch;

/// <summary>The output of <c>BatchScoringWorkflow</c>: where the predictions are and which version made them.</summary>
/// <param name="Input">The scored blob, <c>blob://scoring-input/{model}/...</c>.</param>
/// <param name="Output">The predictions, JSON lines <c>{"row": n, "prediction": ...}</c> in input order.</param>
/// <param name="Manifest">The run's manifest (input, ETag, model, version, rows, times).</param>
/// <param name="Model">The model.</param>
/// <param name="Version">The version that scored every row.</param>
/// <param name="Alias">The alias the version was resolved through.</param>
/// <param name="Rows">Rows scored.</param>
public sealed record BatchScoringResult(string Input, string Output, string Manifest, string Model, int Version, string? Alias, long Rows);
