using Mlops.Core.Training.Evaluation;
using Mlops.Core.Training.Sweeps;
using Mlops.Core.Training.Trainers;

namespace Mlops.Core.Training;

/// <summary>A checked <see cref="TrainingRequest"/>: names validated, defaults applied where the data is not needed, candidates expanded.</summary>
/// <param name="Request">The request as sent.</param>
/// <param name="Model">The model name.</param>
/// <param name="Experiment">The experiment name.</param>
/// <param name="Task">The task, when the request names it (else inferred from the label).</param>
/// <param name="Metric">The metric, when the request names it (else the task's default).</param>
/// <param name="Candidates">Every candidate of the sweep.</param>
internal sealed record TrainingPlan(
    TrainingRequest Request,
    string Model,
    string Experiment,
    TrainingTask? Task,
    string? Metric,
    IReadOnlyList<SweepCandidate> Candidates);
