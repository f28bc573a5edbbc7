using Mlops.Core.Training.Sweeps;

namespace Mlops.Core.Training;

/// <summary>The metric a sweep optimized, for the winner and the baseline.</summary>
/// <param name="Name">The metric name.</param>
/// <param name="Goal">Whether larger or smaller is better.</param>
/// <param name="Validation">The winner on the validation rows (where it was chosen).</param>
/// <param name="Test">The winner on the held-out test rows; null when undefined there (e.g. AUC with one class).</param>
/// <param name="Baseline">The baseline on the test rows; null when undefined there.</param>
public sealed record SweepMetric(string Name, MetricGoal Goal, double Validation, double? Test, double? Baseline);
