using Mlops.Core.Training.Trainers;

namespace Mlops.Core.Training.Evaluation;

/// <summary>Scores labeled rows with a trained model and computes its metrics.</summary>
internal static class ModelEvaluator
{
    public static ModelMetrics Evaluate(TrainedModel model, TrainingData labeled)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(labeled);
        return MetricsCalculator.Evaluate(labeled, model.Predict(labeled));
    }
}
