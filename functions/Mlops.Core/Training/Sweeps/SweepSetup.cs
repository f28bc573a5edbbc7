using Mlops.Core.Training.Data;
using Mlops.Core.Training.Trainers;

namespace Mlops.Core.Training.Sweeps;

/// <summary>What every run of one sweep shares.</summary>
internal sealed record SweepSetup(
    string Experiment,
    string SweepId,
    string Model,
    TrainingTask Task,
    string Metric,
    MetricGoal Goal,
    int Seed,
    string DataUri,
    string DataDigest,
    string CodeRevision,
    IReadOnlyList<DataWarning>? DataWarnings = null);
