namespace Mlops.Core.Training.Evaluation;

/// <summary>
/// The names of the metrics in <see cref="ModelMetrics.Values"/>, as a sweep names the one it optimizes. Log loss is
/// in nats (natural log, probabilities clipped to [1e-15, 1]), as scikit-learn reports it.
/// </summary>
public static class MetricNames
{
    /// <summary>Fraction of rows whose predicted class is the actual one (for multiclass, the micro average).</summary>
    public const string Accuracy = "accuracy";

    /// <summary>Binary: area under the ROC curve of P(positive); ties count half.</summary>
    public const string Auc = "auc";

    /// <summary>Binary: F1 of the positive class.</summary>
    public const string F1 = "f1";

    /// <summary>Binary: precision of the positive class.</summary>
    public const string Precision = "precision";

    /// <summary>Binary: recall of the positive class.</summary>
    public const string Recall = "recall";

    /// <summary>Mean negative log probability of the actual class.</summary>
    public const string LogLoss = "log_loss";

    /// <summary>Multiclass: mean per-class recall.</summary>
    public const string MacroAccuracy = "macro_accuracy";

    /// <summary>Multiclass: F1 from counts pooled over classes (equal to accuracy for single-label data).</summary>
    public const string MicroF1 = "micro_f1";

    /// <summary>Multiclass: mean per-class F1 over the classes that occur (actual or predicted).</summary>
    public const string MacroF1 = "macro_f1";

    /// <summary>Multiclass: one-versus-rest AUC with every (row, class) pair pooled.</summary>
    public const string MicroAuc = "micro_auc";

    /// <summary>Multiclass: mean one-versus-rest AUC over the classes that have both positive and negative rows.</summary>
    public const string MacroAuc = "macro_auc";

    /// <summary>Regression: root mean squared error.</summary>
    public const string Rmse = "rmse";

    /// <summary>Regression: mean absolute error.</summary>
    public const string Mae = "mae";

    /// <summary>Regression: coefficient of determination, 1 - SS_res / SS_tot.</summary>
    public const string R2 = "r2";

    /// <summary>Whether a larger value of <paramref name="metric"/> is better (false for losses and errors).</summary>
    public static bool IsHigherBetter(string metric)
    {
        ArgumentNullException.ThrowIfNull(metric);
        return metric is not (LogLoss or Rmse or Mae);
    }
}
