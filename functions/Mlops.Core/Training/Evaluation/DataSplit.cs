namespace Mlops.Core.Training.Evaluation;

/// <summary>Row indexes of each part of a split, each in ascending order; every row is in exactly one part.</summary>
/// <param name="Train">The rows to train on.</param>
/// <param name="Validation">The rows to choose among candidates with.</param>
/// <param name="Test">The rows held out for the final metrics.</param>
public sealed record DataSplit(IReadOnlyList<int> Train, IReadOnlyList<int> Validation, IReadOnlyList<int> Test);
