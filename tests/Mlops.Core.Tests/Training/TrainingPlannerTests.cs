using Mlops.Core.Diagnostics;
using Mlops.Core.Training;
using Mlops.Core.Training.Data;
using Mlops.Core.Training.Evaluation;
using Mlops.Core.Training.Sweeps;
using Mlops.Core.Training.Trainers;

namespace Mlops.Core.Tests.Training;

public sealed class TrainingPlannerTests
{
    private static readonly TrainingRequest Valid = new() { Model = "churn", Data = "blob://training-data/churn/data.csv", Label = "churned" };

    [Fact]
    public void Plan_MinimalRequest_DefaultsToOneLightGbmCandidateAndTheModelAsExperiment()
    {
        var plan = TrainingPlanner.Plan(Valid, new TrainingOptions());

        Assert.Equal(("churn", "churn", null, null), (plan.Model, plan.Experiment, plan.Task, plan.Metric));
        var candidate = Assert.Single(plan.Candidates);
        Assert.Equal(TrainerKind.LightGbm, candidate.Trainer);
    }

    [Theory]
    [InlineData("model", "is required")]
    [InlineData("data", "is required")]
    [InlineData("label", "is required")]
    public void Plan_RequiredFieldMissing_Is400NamingIt(string field, string message)
    {
        var request = field switch
        {
            "model" => Valid with { Model = null },
            "data" => Valid with { Data = " " },
            _ => Valid with { Label = null },
        };

        var ex = Assert.Throws<MlopsException>(() => TrainingPlanner.Plan(request, new TrainingOptions()));

        Assert.Equal((ErrorCategory.Validation, field), (ex.Category, ex.Field));
        Assert.Contains(message, ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(BadRequests))]
    public void Plan_BadField_Is400NamingIt(TrainingRequest request, string field, string message)
    {
        var ex = Assert.Throws<MlopsException>(() => TrainingPlanner.Plan(request, new TrainingOptions { MaxCandidates = 20 }));

        Assert.Equal((ErrorCategory.Validation, field), (ex.Category, ex.Field));
        Assert.Contains(message, ex.Message, StringComparison.Ordinal);
    }

    public static TheoryData<TrainingRequest, string, string> BadRequests() => new()
    {
        { Valid with { Model = "../etc" }, "model", "invalid" },
        { Valid with { Experiment = "a b" }, "experiment", "invalid" },
        { Valid with { Task = "clustering" }, "task", "Unknown task 'clustering'" },
        { Valid with { Task = "regression", Metric = "auc" }, "metric", "for regression" },
        { Valid with { Metric = "AUC" }, "metric", "Unknown metric 'AUC'" },
        { Valid with { Split = new SplitOptions(ValidationFraction: 0) }, "split.validationFraction", "above 0" },
        { Valid with { Split = new SplitOptions(TestFraction: 0) }, "split.testFraction", "above 0" },
        { Valid with { Split = new SplitOptions(ValidationFraction: 0.5, TestFraction: 0.5) }, "split.testFraction", "add up to 1" },
        { Valid with { Split = new SplitOptions(SplitStrategy.Time) }, "split.timeColumn", "needs split.timeColumn" },
        { Valid with { Split = new SplitOptions(TimeColumn: "signup_date") }, "split.timeColumn", "only used by the time strategy" },
        { Valid with { Task = "regression", Split = new SplitOptions(SplitStrategy.Stratified) }, "split.strategy", "regression" },
        { Valid with { MaxCandidates = 21 }, "maxCandidates", "between 1 and 20" },
        { Valid with { MaxCandidates = 0 }, "maxCandidates", "between 1 and 20" },
        { Valid with { Tags = new Dictionary<string, string> { [""] = "x" } }, "tags", "must not be empty" },
        { Valid with { Description = new string('d', 40_000) }, "description", "description is 40,000 characters" },
        {
            Valid with { Trainers = [new TrainerSweep { Trainer = "lightgbm", Search = new Dictionary<string, SearchDimension> { ["numberOfLeaves"] = SearchDimension.Grid(0) } }] },
            "trainers[0].search.numberOfLeaves",
            "an integer in [2, 1024]"
        },
    };

    [Fact]
    public void Bind_NoTaskOrMetric_InferredFromTheLabelWithTheTaskDefaults()
    {
        var plan = TrainingPlanner.Plan(Valid, new TrainingOptions());
        var data = Data(new BooleanColumn("churned", [true, false, true]));

        var bound = TrainingPlanner.Bind(plan, data);

        Assert.Equal(
            (TrainingTask.BinaryClassification, MetricNames.Auc, MetricGoal.Maximize, SplitStrategy.Stratified),
            (bound.Task, bound.Metric, bound.Goal, bound.Split.Strategy));
    }

    [Fact]
    public void Bind_NumericLabel_RegressionMinimizingRmseOnARandomSplit()
    {
        var bound = TrainingPlanner.Bind(TrainingPlanner.Plan(Valid, new TrainingOptions()), Data(new NumericColumn("churned", [1.5, 2, 3, 4])));

        Assert.Equal((TrainingTask.Regression, MetricNames.Rmse, MetricGoal.Minimize, SplitStrategy.Random), (bound.Task, bound.Metric, bound.Goal, bound.Split.Strategy));
    }

    [Fact]
    public void Bind_GoalGiven_OverridesTheMetricsDirection()
    {
        var bound = TrainingPlanner.Bind(
            TrainingPlanner.Plan(Valid with { Metric = "log_loss", Goal = MetricGoal.Maximize }, new TrainingOptions()),
            Data(new BooleanColumn("churned", [true, false])));

        Assert.Equal(MetricGoal.Maximize, bound.Goal);
    }

    [Fact]
    public void Bind_MetricOfAnotherTask_Is400SayingTheTaskWasInferred()
    {
        var plan = TrainingPlanner.Plan(Valid with { Metric = "rmse" }, new TrainingOptions());

        var ex = Assert.Throws<MlopsException>(() => TrainingPlanner.Bind(plan, Data(new BooleanColumn("churned", [true, false]))));

        Assert.Equal("metric", ex.Field);
        Assert.Contains("inferred from label 'churned'", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Bind_TimeColumnNotATimestamp_Is400ListingTheTimestamps()
    {
        var plan = TrainingPlanner.Plan(Valid with { Split = new SplitOptions(SplitStrategy.Time, TimeColumn: "x") }, new TrainingOptions());
        var data = Data(new BooleanColumn("churned", [true, false]), new TimestampColumn("signup", [DateTimeOffset.UnixEpoch, null]));

        var ex = Assert.Throws<MlopsException>(() => TrainingPlanner.Bind(plan, data));

        Assert.Equal("split.timeColumn", ex.Field);
        Assert.Contains("'signup'", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(new[] { "a", "b" }, TrainingTask.BinaryClassification)]
    [InlineData(new[] { "a", "b", "c" }, TrainingTask.MulticlassClassification)]
    public void InferTask_CategoricalLabel_ByItsClassCount(string[] values, TrainingTask expected)
    {
        Assert.Equal(expected, TrainingPlanner.InferTask(CategoricalColumn.FromValues("y", values)));
    }

    [Theory]
    [InlineData(new[] { 0.0, 1, 1, double.NaN }, TrainingTask.BinaryClassification)]
    [InlineData(new[] { 0.0, 1, 2 }, TrainingTask.Regression)]
    public void InferTask_NumericLabel_TwoValuesBinaryElseRegression(double[] values, TrainingTask expected)
    {
        Assert.Equal(expected, TrainingPlanner.InferTask(new NumericColumn("y", values)));
    }

    // A data set with a numeric feature "x" and the given label (and extra columns), as the intake would load it.
    private static TabularDataset Data(DatasetColumn label, params DatasetColumn[] extra)
    {
        var x = new NumericColumn("x", [.. Enumerable.Range(0, label.Length).Select(i => (double)i)]);
        var columns = new List<DatasetColumn> { x };
        columns.AddRange(extra);
        columns.Add(label);
        var schema = new DatasetSchema([
            .. columns.Select(c => new ColumnSchema(c.Name, c.Kind, c == label ? ColumnRole.Label : ColumnRole.Feature)),
        ]);
        return new TabularDataset(schema, columns);
    }
}
