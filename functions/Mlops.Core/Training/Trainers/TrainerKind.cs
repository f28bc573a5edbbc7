namespace Mlops.Core.Training.Trainers;

/// <summary>The ML.NET trainers the platform trains and exports to ONNX.</summary>
public enum TrainerKind
{
    /// <summary>LightGBM gradient-boosted trees (binary, multiclass with softmax, regression).</summary>
    LightGbm,

    /// <summary>ML.NET FastTree gradient-boosted trees (binary, multiclass one-versus-all, regression).</summary>
    FastTree,

    /// <summary>
    /// A linear model on standardized features: L-BFGS logistic regression (binary), L-BFGS maximum entropy, i.e.
    /// softmax regression (multiclass), SDCA least squares (regression).
    /// </summary>
    Linear,
}
