using System.Globalization;
using Mlops.Core.Training.Evaluation;
using Mlops.Core.Training.Trainers;

namespace Mlops.Training.Bench;

/// <summary>
/// Model quality on the demo data (5,000 churn rows, seed 1, as scripts/demo.sh generates them) beside the trivial
/// baseline (the training rows' class frequencies, or their mean): each trainer with its defaults, chosen and measured
/// on the split <c>POST /api/train</c> makes by default. Binary: <c>churned</c>; regression: <c>tenure_months</c>.
/// </summary>
internal static class QualityReport
{
    private const int Rows = 5_000;
    private const int Seed = 1;

    public static async Task<int> PrintAsync(TextWriter output)
    {
        var binary = TrainingData.FromDataset(await ChurnBenchData.ReadAsync(Rows, Seed), TrainingTask.BinaryClassification);
        await PrintAsync(output, "churned (binary classification)", binary, [MetricNames.Auc, MetricNames.Accuracy, MetricNames.F1, MetricNames.LogLoss]);
        var regression = TrainingData.FromDataset(await ChurnBenchData.ReadAsync(Rows, Seed, "tenure_months"), TrainingTask.Regression);
        await PrintAsync(output, "tenure_months (regression)", regression, [MetricNames.Rmse, MetricNames.Mae, MetricNames.R2]);
        return 0;
    }

    private static async Task PrintAsync(TextWriter output, string title, TrainingData all, IReadOnlyList<string> metrics)
    {
        var (train, validation, test) = ChurnBenchData.Split(all, Seed);
        await output.WriteLineAsync($"{title}: {train.RowCount} train / {validation.RowCount} validation / {test.RowCount} test rows of the demo data ({Rows} rows, seed {Seed})");
        await output.WriteLineAsync(string.Format(CultureInfo.InvariantCulture, "  {0,-28}{1}", "model (test rows)", string.Concat(metrics.Select(m => $"{m,12}"))));
        var baseline = BaselineModel.Evaluate(train, test).Values;
        await output.WriteLineAsync(Row("baseline (" + (all.Task == TrainingTask.Regression ? "mean" : "class frequencies") + ")", baseline, metrics));
        foreach (var trainer in Enum.GetValues<TrainerKind>())
        {
            var model = ModelTrainer.Train(train, trainer, null, Seed);
            var values = ModelEvaluator.Evaluate(model, test).Values;
            await output.WriteLineAsync(Row(TrainerNames.Format(trainer), values, metrics));
        }

        await output.WriteLineAsync();
    }

    private static string Row(string name, IReadOnlyDictionary<string, double> values, IReadOnlyList<string> metrics) =>
        string.Format(CultureInfo.InvariantCulture, "  {0,-28}{1}", name, string.Concat(metrics.Select(m => values.TryGetValue(m, out var v) ? v.ToString("F4", CultureInfo.InvariantCulture).PadLeft(12) : "-".PadLeft(12))));
}
