namespace Mlops.Core.Training.Evaluation;

/// <summary>What an exported model said about a batch of rows: class probabilities (row-major, one column per class) or scores.</summary>
/// <param name="Classes">The model's class names in output order (its <c>label_names</c>, else the data's, else indexes); empty for a regressor.</param>
/// <param name="Probabilities">Row-major probabilities, <c>Classes.Count</c> per row; null for a regressor.</param>
/// <param name="Scores">One score per row; null for a classifier.</param>
internal sealed record OnnxScores(IReadOnlyList<string> Classes, float[]? Probabilities, float[]? Scores);
