namespace Mlops.Core.Training.Export;

/// <summary>
/// A trained ML.NET predictor in the exporter's terms: raw scores, then an output transform with its per-target
/// Platt slopes and offsets (empty unless the transform is Platt).
/// </summary>
internal sealed record ExportedPredictor(ScoreFunction Scores, OutputTransform Transform, float[] Slopes, float[] Offsets);
