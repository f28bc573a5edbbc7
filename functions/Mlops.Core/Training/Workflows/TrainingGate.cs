using System.Globalization;
using Mlops.Core.Training.Evaluation;
using Mlops.Core.Training.Sweeps;

namespace Mlops.Core.Training.Workflows;

/// <summary>The automatic gate's rule, also shown to an approver: does the new version beat the champion by the margin?</summary>
internal static class TrainingGate
{
    public static GateVerdict Judge(GatePolicy gate, PreparedSummary summary, EvaluationStepResult evaluation)
    {
        var metric = gate.Metric ?? summary.Metric;
        var goal = string.Equals(metric, summary.Metric, StringComparison.Ordinal)
            ? summary.Goal
            : MetricNames.IsHigherBetter(metric) ? MetricGoal.Maximize : MetricGoal.Minimize;
        var challenger = Value(evaluation.TestMetrics, metric);
        var champion = evaluation.ChampionMetrics is { } metrics ? Value(metrics, metric) : null;
        if (challenger is not { } mine)
        {
            return new GateVerdict(false, metric, goal, null, champion, $"The new version's {metric} is undefined on the test rows.");
        }

        if (evaluation.ChampionVersion is null)
        {
            return new GateVerdict(true, metric, goal, mine, null, $"No '{gate.ChampionAlias}' yet: the first version is promoted ({metric} {Format(mine)}).");
        }

        if (evaluation.ChampionError is { } error)
        {
            return new GateVerdict(false, metric, goal, mine, null, $"The champion (version {evaluation.ChampionVersion}) could not be measured on these rows: {error}");
        }

        if (champion is not { } theirs)
        {
            return new GateVerdict(false, metric, goal, mine, null, $"The champion's {metric} is undefined on the test rows.");
        }

        var improvement = goal == MetricGoal.Maximize ? mine - theirs : theirs - mine;
        var promote = improvement >= gate.Margin;
        return new GateVerdict(
            promote,
            metric,
            goal,
            mine,
            theirs,
            $"Test {metric}: {Format(mine)} against the champion's (version {evaluation.ChampionVersion}) {Format(theirs)}, an improvement of {Format(improvement)}; the margin is {Format(gate.Margin)}.");
    }

    private static double? Value(IReadOnlyDictionary<string, double> metrics, string name) =>
        metrics.TryGetValue(name, out var value) && double.IsFinite(value) ? value : null;

    private static string Format(double value) => value.ToString("0.######", CultureInfo.InvariantCulture);
}
