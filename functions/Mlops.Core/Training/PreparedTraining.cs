using Mlops.Core.Training.Data;
using Mlops.Core.Training.Trainers;

namespace Mlops.Core.Training;

/// <summary>A request with its data taken in, bound and split: what a sweep, an evaluation or a registration works on.</summary>
/// <param name="Plan">The checked request.</param>
/// <param name="Ingested">The data, its validation report, profile and snapshot.</param>
/// <param name="Bound">The task, metric, goal and split the data decided.</param>
/// <param name="Train">The rows to train on.</param>
/// <param name="Validation">The rows candidates are compared on.</param>
/// <param name="Test">The held-out rows the winner, the baseline and the champion are measured on.</param>
internal sealed record PreparedTraining(
    TrainingPlan Plan,
    IngestedDataset Ingested,
    BoundTraining Bound,
    TrainingData Train,
    TrainingData Validation,
    TrainingData Test);
