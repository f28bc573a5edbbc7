using Mlops.Core.Training;
using Mlops.Core.Training.Data;
using Mlops.Core.Training.Sweeps;
using Mlops.Core.Training.Workflows;

namespace Mlops.Core.Tests.Training.Workflows;

public sealed class TrainingGateTests
{
    [Theory]
    [InlineData(0.80, 0.78, 0.01, true)]
    [InlineData(0.80, 0.78, 0.05, false)]
    [InlineData(0.78, 0.80, 0.0, false)]
    [InlineData(0.80, 0.80, 0.0, true)]
    public void Judge_MaximizedMetric_PromotesWhenTheImprovementReachesTheMargin(double challenger, double champion, double margin, bool promote)
    {
        var verdict = TrainingGate.Judge(new GatePolicy { Margin = margin }, Summary("auc", MetricGoal.Maximize), Evaluation(challenger, champion));

        Assert.Equal(promote, verdict.Promote);
    }

    [Fact]
    public void Judge_MinimizedMetric_LowerIsAnImprovement()
    {
        var verdict = TrainingGate.Judge(new GatePolicy { Margin = 0.1 }, Summary("rmse", MetricGoal.Minimize), Evaluation(1.0, 1.2, "rmse"));

        Assert.True(verdict.Promote);
    }

    [Fact]
    public void Judge_GateMetricOtherThanTheTrainingMetric_UsesItsNaturalDirection()
    {
        var evaluation = new EvaluationStepResult(
            new Dictionary<string, double> { ["auc"] = 0.9, ["log_loss"] = 0.6 }, new Dictionary<string, double>(), 1,
            new Dictionary<string, double> { ["auc"] = 0.8, ["log_loss"] = 0.4 }, null);

        var verdict = TrainingGate.Judge(new GatePolicy { Metric = "log_loss" }, Summary("auc", MetricGoal.Maximize), evaluation);

        Assert.Equal(("log_loss", MetricGoal.Minimize, false), (verdict.Metric, verdict.Goal, verdict.Promote));
    }

    [Fact]
    public void Judge_NoChampion_Promotes()
    {
        var evaluation = new EvaluationStepResult(new Dictionary<string, double> { ["auc"] = 0.6 }, new Dictionary<string, double>(), null, null, null);

        Assert.True(TrainingGate.Judge(new GatePolicy { Margin = 0.5 }, Summary("auc", MetricGoal.Maximize), evaluation).Promote);
    }

    [Fact]
    public void Judge_ChampionCouldNotBeMeasured_DoesNotPromoteAndSaysWhy()
    {
        var evaluation = new EvaluationStepResult(new Dictionary<string, double> { ["auc"] = 0.9 }, new Dictionary<string, double>(), 4, null, "The model takes input 'x'");

        var verdict = TrainingGate.Judge(new GatePolicy(), Summary("auc", MetricGoal.Maximize), evaluation);

        Assert.False(verdict.Promote);
        Assert.Contains("version 4", verdict.Reason, StringComparison.Ordinal);
    }

    private static EvaluationStepResult Evaluation(double challenger, double champion, string metric = "auc") => new(
        new Dictionary<string, double> { [metric] = challenger }, new Dictionary<string, double>(), 1, new Dictionary<string, double> { [metric] = champion }, null);

    private static PreparedSummary Summary(string metric, MetricGoal goal) => new(
        "m", "m", "s", "binary-classification", metric, goal, "stratified", new SplitRows(1, 1, 1), "d", "d", "x", DataFormat.Csv, "p", "p", 1, 0);
}
