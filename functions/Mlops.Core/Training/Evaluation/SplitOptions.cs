namespace Mlops.Core.Training.Evaluation;

/// <summary>How to split the rows; the rest after validation and test is for training.</summary>
/// <param name="Strategy">Random, stratified by class, or by time.</param>
/// <param name="ValidationFraction">The share of rows for validation, in [0, 1).</param>
/// <param name="TestFraction">The share of rows for the test, in [0, 1).</param>
/// <param name="TimeColumn">For <see cref="SplitStrategy.Time"/>: the timestamp column that orders the rows.</param>
public sealed record SplitOptions(
    SplitStrategy Strategy = SplitStrategy.Random,
    double ValidationFraction = 0.15,
    double TestFraction = 0.15,
    string? TimeColumn = null);
