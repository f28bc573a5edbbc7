namespace Mlops.Core.Training.Evaluation;

/// <summary>How rows are assigned to train, validation and test.</summary>
public enum SplitStrategy
{
    /// <summary>A seeded shuffle.</summary>
    Random,

    /// <summary>A seeded shuffle within each class, so every part keeps the label's class balance.</summary>
    Stratified,

    /// <summary>By time: the earliest rows train, later ones validate, the latest test (no seed involved).</summary>
    Time,
}
