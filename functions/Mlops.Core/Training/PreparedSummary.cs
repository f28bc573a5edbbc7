using Mlops.Core.Training.Data;
using Mlops.Core.Training.Sweeps;

namespace Mlops.Core.Training;

/// <summary>
/// The small facts of a prepared training (no data): passed between the training workflow's activities and used for the
/// registered version's metadata.
/// </summary>
/// <param name="Model">The model name.</param>
/// <param name="Experiment">The experiment the runs go to.</param>
/// <param name="SweepId">The sweep the runs belong to.</param>
/// <param name="Task">The task, formatted (<c>binary-classification</c>, ...).</param>
/// <param name="Metric">The metric that picks the winner.</param>
/// <param name="Goal">Whether larger or smaller is better.</param>
/// <param name="Split">The split strategy, lower case.</param>
/// <param name="Rows">Rows in each part of the split.</param>
/// <param name="SourceUri">The data location as requested.</param>
/// <param name="DataUri">The data's immutable snapshot.</param>
/// <param name="DataDigest">SHA-256 of the data.</param>
/// <param name="Format">The snapshot's format.</param>
/// <param name="ProfileUri">The stored profile of the data.</param>
/// <param name="ProfileSha256">SHA-256 of the profile document.</param>
/// <param name="Candidates">How many candidates the sweep trains.</param>
/// <param name="Warnings">How many soft findings the data validation had.</param>
/// <param name="Features">
/// The features joined point-in-time to the requested rows, when the data was built from feature views: the registered
/// version lists them. Kept here rather than in the request later steps read, whose data is already the joined snapshot.
/// </param>
/// <param name="Sources">The files read in order as one data set when a policy's <c>training.dataWindow</c> chose several.</param>
internal sealed record PreparedSummary(
    string Model,
    string Experiment,
    string SweepId,
    string Task,
    string Metric,
    MetricGoal Goal,
    string Split,
    SplitRows Rows,
    string SourceUri,
    string DataUri,
    string DataDigest,
    DataFormat Format,
    string ProfileUri,
    string ProfileSha256,
    int Candidates,
    int Warnings,
    FeatureJoinRequest? Features = null,
    IReadOnlyList<string>? Sources = null);
