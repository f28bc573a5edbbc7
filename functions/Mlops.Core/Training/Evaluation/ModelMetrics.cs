using Mlops.Core.Training.Trainers;

namespace Mlops.Core.Training.Evaluation;

/// <summary>The metrics of a model on a set of labeled rows.</summary>
/// <param name="Task">The task the metrics are for.</param>
/// <param name="RowCount">The number of rows evaluated.</param>
/// <param name="Values">Metric values by <see cref="MetricNames"/> name; a metric undefined on these rows (e.g. AUC with one class present) is absent.</param>
/// <param name="ConfusionMatrix">Classifiers: counts by actual and predicted class; null for regression.</param>
public sealed record ModelMetrics(TrainingTask Task, int RowCount, IReadOnlyDictionary<string, double> Values, ConfusionMatrix? ConfusionMatrix);
