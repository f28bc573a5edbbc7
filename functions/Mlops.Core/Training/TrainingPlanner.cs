using System.Globalization;
using Mlops.Core.Diagnostics;
using Mlops.Core.Registry;
using Mlops.Core.Training.Data;
using Mlops.Core.Training.Evaluation;
using Mlops.Core.Training.Sweeps;
using Mlops.Core.Training.Trainers;

namespace Mlops.Core.Training;

/// <summary>
/// Checks a <see cref="TrainingRequest"/> field by field before anything is read or trained, then, once the data is
/// in, what only the data can decide (the task when not given, the metric, the time column of a time split).
/// </summary>
internal static class TrainingPlanner
{
    public static TrainingPlan Plan(TrainingRequest request, TrainingOptions options)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(options);
        var model = ModelNames.ValidateModel(Required(request.Model, "model", "the model to register, e.g. \"churn\""), "model");
        Required(request.Data, "data", "where the data is, e.g. \"blob://training-data/churn/data.csv\"");
        Required(request.Label, "label", "the label column");
        var experiment = ModelNames.ValidateModel(request.Experiment ?? model, "experiment");
        TrainingTask? task = request.Task is null ? null : TrainerNames.ParseTask(request.Task, "task");

        if (request.Metric is { } metric)
        {
            var valid = task is { } known ? TaskMetrics.For(known) : (IEnumerable<string>)TaskMetrics.All.Order(StringComparer.Ordinal);
            if (!valid.Contains(metric, StringComparer.Ordinal))
            {
                throw MlopsException.Validation(
                    $"Unknown metric '{metric}'{(task is { } t ? $" for {TrainerNames.Format(t)}" : string.Empty)}; use one of {string.Join(", ", valid.Select(m => $"'{m}'"))}.",
                    "metric");
            }
        }

        if (request.Split is { } split)
        {
            CheckSplit(split, task);
        }

        CheckMetadata(request);
        if (request.Features is { } features)
        {
            Features.PointInTime.HistoricalFeatureJoiner.Validate(features);
        }

        var maxCandidates = request.MaxCandidates ?? options.MaxCandidates;
        if (maxCandidates < 1 || maxCandidates > options.MaxCandidates)
        {
            throw MlopsException.Validation(
                $"maxCandidates must be between 1 and {options.MaxCandidates} ({TrainingOptions.SectionName}:MaxCandidates); got {maxCandidates}.", "maxCandidates");
        }

        IReadOnlyList<TrainerSweep> trainers = request.Trainers is { Count: > 0 } given ? given : [new TrainerSweep { Trainer = TrainerNames.Format(TrainerKind.LightGbm) }];
        var candidates = SweepPlanner.Expand(trainers, request.Seed, maxCandidates, options.DefaultSamples);
        return new TrainingPlan(request, model, experiment, task, request.Metric, candidates);
    }

    /// <summary>Decides what the data decides; every problem a 400 naming the request field.</summary>
    public static BoundTraining Bind(TrainingPlan plan, TabularDataset data)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(data);
        var label = data.Label ?? throw MlopsException.Validation($"The data has no label column '{plan.Request.Label}'.", "label");
        var task = plan.Task ?? InferTask(label);
        var metric = plan.Metric ?? TaskMetrics.Default(task);
        if (!TaskMetrics.For(task).Contains(metric, StringComparer.Ordinal))
        {
            throw MlopsException.Validation(
                $"Metric '{metric}' does not apply to {TrainerNames.Format(task)} (the task {(plan.Task is null ? "inferred from label '" + label.Name + "'" : "requested")}); use one of {string.Join(", ", TaskMetrics.For(task).Select(m => $"'{m}'"))}, or set the task.",
                "metric");
        }

        var goal = plan.Request.Goal ?? (MetricNames.IsHigherBetter(metric) ? MetricGoal.Maximize : MetricGoal.Minimize);
        var split = plan.Request.Split ?? new SplitOptions(task == TrainingTask.Regression ? SplitStrategy.Random : SplitStrategy.Stratified);
        CheckSplit(split, task);
        if (split.Strategy == SplitStrategy.Time && data.FindColumn(split.TimeColumn!) is not TimestampColumn)
        {
            var timestamps = data.Columns.OfType<TimestampColumn>().Select(c => $"'{c.Name}'").ToList();
            throw MlopsException.Validation(
                $"split.timeColumn '{split.TimeColumn}' is not a timestamp column of the data; {(timestamps.Count == 0 ? "the data has none (declare one with columns.{name}.kind = \"timestamp\")" : "its timestamp columns are " + string.Join(", ", timestamps))}.",
                "split.timeColumn");
        }

        return new BoundTraining(task, metric, goal, split);
    }

    /// <summary>
    /// A boolean or two-valued label is binary, another categorical label multiclass, any other numeric label
    /// regression (a numeric label with a few classes needs the task set).
    /// </summary>
    public static TrainingTask InferTask(DatasetColumn label) => label switch
    {
        BooleanColumn => TrainingTask.BinaryClassification,
        CategoricalColumn text => text.Categories.Count == 2 ? TrainingTask.BinaryClassification : TrainingTask.MulticlassClassification,
        NumericColumn number => number.Values.ToArray().Where(v => !double.IsNaN(v)).Distinct().Take(3).Count() == 2
            ? TrainingTask.BinaryClassification
            : TrainingTask.Regression,
        _ => throw MlopsException.Validation(
            $"Label '{label.Name}' is a {label.Kind.ToString().ToLowerInvariant()} column; a label is boolean, categorical or numeric.", "label"),
    };

    private static void CheckSplit(SplitOptions split, TrainingTask? task)
    {
        if (!double.IsFinite(split.ValidationFraction) || split.ValidationFraction <= 0 || split.ValidationFraction >= 1)
        {
            throw MlopsException.Validation(
                $"split.validationFraction must be above 0 and below 1 (candidates are compared on the validation rows); got {Format(split.ValidationFraction)}.",
                "split.validationFraction");
        }

        if (!double.IsFinite(split.TestFraction) || split.TestFraction <= 0 || split.TestFraction >= 1)
        {
            throw MlopsException.Validation(
                $"split.testFraction must be above 0 and below 1 (the registered metrics come from the test rows); got {Format(split.TestFraction)}.",
                "split.testFraction");
        }

        if (split.ValidationFraction + split.TestFraction >= 1)
        {
            throw MlopsException.Validation(
                $"split.validationFraction and split.testFraction add up to {Format(split.ValidationFraction + split.TestFraction)}; leave rows to train on (the sum must be below 1).",
                "split.testFraction");
        }

        if (!Enum.IsDefined(split.Strategy))
        {
            throw MlopsException.Validation("split.strategy must be random, stratified or time.", "split.strategy");
        }

        if (split.Strategy == SplitStrategy.Time && string.IsNullOrWhiteSpace(split.TimeColumn))
        {
            throw MlopsException.Validation("A time split needs split.timeColumn: the timestamp column that orders the rows.", "split.timeColumn");
        }

        if (split.Strategy != SplitStrategy.Time && split.TimeColumn is not null)
        {
            throw MlopsException.Validation(
                $"split.timeColumn is only used by the time strategy; set split.strategy to \"time\" or drop split.timeColumn.", "split.timeColumn");
        }

        if (split.Strategy == SplitStrategy.Stratified && task == TrainingTask.Regression)
        {
            throw MlopsException.Validation("A stratified split needs classes; use a random or time split for regression.", "split.strategy");
        }
    }

    private static void CheckMetadata(TrainingRequest request)
    {
        try
        {
            StoredMetadata.From(new NewModelVersion { Description = request.Description, Tags = request.Tags });
        }
        catch (MlopsException ex) when (ex.Field is { } field && field.StartsWith("metadata.", StringComparison.Ordinal))
        {
            throw new MlopsException(ex.Category, ex.Message.Replace("metadata.", string.Empty, StringComparison.Ordinal), field["metadata.".Length..], ex);
        }
    }

    private static string Required(string? value, string field, string what) =>
        string.IsNullOrWhiteSpace(value) ? throw MlopsException.Validation($"{field} is required: {what}.", field) : value;

    private static string Format(double value) => value.ToString(CultureInfo.InvariantCulture);
}
