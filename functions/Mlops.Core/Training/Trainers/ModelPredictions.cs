namespace Mlops.Core.Training.Trainers;

/// <summary>
/// What a model predicted for a set of rows, in the shape of the exported model's outputs.
/// </summary>
/// <param name="Classes">Classifiers: the predicted class index of each row (the ONNX <c>label</c>).</param>
/// <param name="Probabilities">Classifiers: per row, one probability per class (the ONNX <c>probabilities</c>).</param>
/// <param name="Scores">Regressors: the prediction (the ONNX <c>score</c>); binary classifiers: the raw margin, whose sign decides the label.</param>
internal sealed record ModelPredictions(int[]? Classes, float[][]? Probabilities, float[]? Scores)
{
    public int RowCount => Classes?.Length ?? Scores?.Length ?? 0;
}
