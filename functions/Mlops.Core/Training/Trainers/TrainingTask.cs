namespace Mlops.Core.Training.Trainers;

/// <summary>What a model predicts.</summary>
public enum TrainingTask
{
    /// <summary>One of two classes; outputs <c>label</c> int64[N] and <c>probabilities</c> float[N,2].</summary>
    BinaryClassification,

    /// <summary>One of several classes; outputs <c>label</c> int64[N] and <c>probabilities</c> float[N,C].</summary>
    MulticlassClassification,

    /// <summary>A number; outputs <c>score</c> float[N,1].</summary>
    Regression,
}
