using Mlops.Core.Training.Evaluation;
using Mlops.Core.Training.Sweeps;
using Mlops.Core.Training.Trainers;

namespace Mlops.Core.Training;

/// <summary>A plan with everything the data decides: the task, the metric and its goal, and the split.</summary>
/// <param name="Task">The task.</param>
/// <param name="Metric">The metric that picks the best candidate.</param>
/// <param name="Goal">Whether larger or smaller is better.</param>
/// <param name="Split">The split options in effect.</param>
internal sealed record BoundTraining(TrainingTask Task, string Metric, MetricGoal Goal, SplitOptions Split);
