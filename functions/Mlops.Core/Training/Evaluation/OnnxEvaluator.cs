using Mlops.Core.Diagnostics;
using Mlops.Core.Training.Trainers;

namespace Mlops.Core.Training.Evaluation;

/// <summary>
/// Measures an exported model on labeled rows, so a challenger and the current champion are compared on the same test
/// rows by the same code. Classes are matched by name (the model's <c>label_names</c>), so a champion trained on data
/// whose classes sorted differently is still measured correctly; a class the model does not know gets probability 0.
/// </summary>
internal static class OnnxEvaluator
{
    public static ModelMetrics Evaluate(byte[] onnx, TrainingData labeled)
    {
        ArgumentNullException.ThrowIfNull(labeled);
        using var session = OnnxScorer.Load(onnx);
        var scores = OnnxScorer.Score(session, labeled);
        if (labeled.Task == TrainingTask.Regression)
        {
            return MetricsCalculator.Evaluate(labeled, new ModelPredictions(null, null, scores.Scores
                ?? throw MlopsException.Unprocessable("The model is a classifier; the data's task is regression.", "model")));
        }

        var flat = scores.Probabilities ?? throw MlopsException.Unprocessable("The model is a regressor; the data's task is classification.", "model");
        var width = scores.Classes.Count;
        var columns = labeled.ClassNames.Select(name => IndexOf(scores.Classes, name)).ToArray();
        var probabilities = new float[labeled.RowCount][];
        var classes = new int[labeled.RowCount];
        for (var r = 0; r < labeled.RowCount; r++)
        {
            var row = new float[columns.Length];
            var best = 0;
            for (var c = 0; c < columns.Length; c++)
            {
                row[c] = columns[c] < 0 ? 0f : flat[(r * width) + columns[c]];
                if (row[c] > row[best])
                {
                    best = c;
                }
            }

            probabilities[r] = row;
            classes[r] = best;
        }

        return MetricsCalculator.Evaluate(labeled, new ModelPredictions(classes, probabilities, null));
    }

    private static int IndexOf(IReadOnlyList<string> names, string name)
    {
        for (var i = 0; i < names.Count; i++)
        {
            if (string.Equals(names[i], name, StringComparison.Ordinal))
            {
                return i;
            }
        }

        return -1;
    }
}
