using System.Text.Json.Serialization;
using Mlops.Core.Training.Data;
using Mlops.Core.Training.Evaluation;
using Mlops.Core.Training.Sweeps;

namespace Mlops.Core.Training;

/// <summary>
/// One training request: what data, which label and task, which trainers with which search spaces, the metric that picks
/// the best candidate, the split and the seed, and where the result goes. Small and serializable: the training
/// workflow passes it between activities as it is, and the data travels by <see cref="Data"/> location, never inline.
/// Everything is checked before any training starts (see <see cref="ITrainingService.Validate"/>); a field left null
/// takes the default its documentation names.
/// </summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record TrainingRequest
{
    /// <summary>The model to register the best candidate under (registry name rules). Required.</summary>
    public string? Model { get; init; }

    /// <summary>Where the data is: <c>blob://training-data/churn/data.csv</c> or a blob URL in the platform's account. Required.</summary>
    public string? Data { get; init; }

    /// <summary>
    /// Features to join to the rows of <see cref="Data"/> point-in-time from the feature store; <see cref="Data"/> then
    /// holds the entity rows (keys, timestamp, label). See <see cref="FeatureJoinRequest"/>.
    /// </summary>
    public FeatureJoinRequest? Features { get; init; }

    /// <summary>
    /// In a model's policy only: how far back the files under <c>training-data/{model}/</c> that a policy-driven run
    /// reads as one data set go, by last-modified time (e.g. <c>30d</c>, <c>12h</c>); null: the run's one file only.
    /// </summary>
    public string? DataWindow { get; init; }

    // The files a data window chose, read in order as one data set; set by the workflow, never from JSON.
    [JsonIgnore]
    internal IReadOnlyList<string>? DataSources { get; init; }

    /// <summary>The data format when the file's extension does not say.</summary>
    public DataFormat? Format { get; init; }

    /// <summary>The label column. Required.</summary>
    public string? Label { get; init; }

    /// <summary>
    /// <c>binary-classification</c>, <c>multiclass-classification</c> or <c>regression</c>. Default: from the label, a
    /// boolean or two-valued label is binary, another categorical label multiclass, a numeric label regression.
    /// </summary>
    public string? Task { get; init; }

    /// <summary>Declared kind, role and bounds per column; the rest is inferred.</summary>
    public IReadOnlyDictionary<string, ColumnOverride>? Columns { get; init; }

    /// <summary>The trainers to try, each with fixed parameters and a search space. Default: LightGBM with its defaults.</summary>
    public IReadOnlyList<TrainerSweep>? Trainers { get; init; }

    /// <summary>
    /// The metric that picks the best candidate on the validation rows (a <see cref="MetricNames"/> name of the task).
    /// Default: <c>auc</c> (binary), <c>log_loss</c> (multiclass), <c>rmse</c> (regression).
    /// </summary>
    public string? Metric { get; init; }

    /// <summary>Whether a larger or smaller <see cref="Metric"/> is better. Default: the metric's natural direction.</summary>
    public MetricGoal? Goal { get; init; }

    /// <summary>The split into train, validation and test. Default: stratified (classification) or random (regression), 15% validation, 15% test.</summary>
    public SplitOptions? Split { get; init; }

    /// <summary>Seeds the split, the random search and every trainer: the same request on the same data trains the same models.</summary>
    public int Seed { get; init; }

    /// <summary>The most candidates the whole sweep may train. Default and ceiling: <see cref="TrainingOptions.MaxCandidates"/>.</summary>
    public int? MaxCandidates { get; init; }

    /// <summary>The experiment the runs are recorded in (model name rules). Default: the model name.</summary>
    public string? Experiment { get; init; }

    /// <summary>The registered version's description.</summary>
    public string? Description { get; init; }

    /// <summary>The registered version's tags.</summary>
    public IReadOnlyDictionary<string, string>? Tags { get; init; }
}
