using Mlops.Core.Training.Trainers;

namespace Mlops.Core.Training.Evaluation;

/// <summary>Which <see cref="MetricNames"/> each task reports, and the one a sweep optimizes by default.</summary>
internal static class TaskMetrics
{
    private static readonly IReadOnlyList<string> Binary =
        [MetricNames.Auc, MetricNames.Accuracy, MetricNames.F1, MetricNames.Precision, MetricNames.Recall, MetricNames.LogLoss];

    private static readonly IReadOnlyList<string> Multiclass =
        [MetricNames.LogLoss, MetricNames.Accuracy, MetricNames.MacroAccuracy, MetricNames.MicroF1, MetricNames.MacroF1, MetricNames.MicroAuc, MetricNames.MacroAuc];

    private static readonly IReadOnlyList<string> Regression = [MetricNames.Rmse, MetricNames.Mae, MetricNames.R2];

    /// <summary>Every metric name of any task.</summary>
    public static IReadOnlySet<string> All { get; } = new HashSet<string>(Binary.Concat(Multiclass).Concat(Regression), StringComparer.Ordinal);

    /// <summary>The metrics <paramref name="task"/> reports; the first is its default.</summary>
    public static IReadOnlyList<string> For(TrainingTask task) => task switch
    {
        TrainingTask.BinaryClassification => Binary,
        TrainingTask.MulticlassClassification => Multiclass,
        TrainingTask.Regression => Regression,
        _ => throw new ArgumentOutOfRangeException(nameof(task), task, "Unknown task."),
    };

    /// <summary>The metric a sweep optimizes when the request names none.</summary>
    public static string Default(TrainingTask task) => For(task)[0];
}
