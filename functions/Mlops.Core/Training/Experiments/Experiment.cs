namespace Mlops.Core.Training.Experiments;

/// <summary>A named group of runs, e.g. every sweep that trained model <c>churn</c>.</summary>
/// <param name="Name">The experiment name (model name rules).</param>
/// <param name="CreatedAt">When its first run was recorded.</param>
/// <param name="UpdatedAt">When its latest sweep started.</param>
public sealed record Experiment(string Name, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt);
