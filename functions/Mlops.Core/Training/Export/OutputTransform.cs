namespace Mlops.Core.Training.Export;

/// <summary>How an exported model turns its raw scores [N,K] into its outputs.</summary>
internal enum OutputTransform
{
    /// <summary>Regression: the score is the output.</summary>
    None,

    /// <summary>
    /// Binary: P(positive) = 1 / (1 + exp(slope · score + offset)) (ML.NET's Platt calibrator); the label is positive
    /// when the raw score is above 0, as ML.NET decides it.
    /// </summary>
    BinaryPlatt,

    /// <summary>Multiclass: softmax of the scores; the label is the most probable class.</summary>
    Softmax,

    /// <summary>Multiclass one-versus-all: each class's Platt probability, divided by their sum; the label is the most probable class.</summary>
    NormalizedPlatt,
}
