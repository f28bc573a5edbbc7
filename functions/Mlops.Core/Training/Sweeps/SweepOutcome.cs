using Mlops.Core.Training.Experiments;

namespace Mlops.Core.Training.Sweeps;

/// <summary>Every run of a sweep as finally recorded (candidate order) and the winner, if any candidate completed with the metric.</summary>
internal sealed record SweepOutcome(IReadOnlyList<ExperimentRun> Runs, SweepWinner? Best);
