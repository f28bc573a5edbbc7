namespace Mlops.Core.Training.Sweeps;

/// <summary>Whether the sweep looks for the largest or the smallest value of its metric.</summary>
public enum MetricGoal
{
    /// <summary>Larger is better (AUC, accuracy, F1, R²).</summary>
    Maximize,

    /// <summary>Smaller is better (log loss, RMSE, MAE).</summary>
    Minimize,
}
