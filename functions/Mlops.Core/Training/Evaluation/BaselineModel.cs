using Mlops.Core.Training.Trainers;

namespace Mlops.Core.Training.Evaluation;

/// <summary>
/// The trivial model a trained one must beat: the training rows' class frequencies as every row's probabilities (so
/// the majority class as every label), or their mean target as every score.
/// </summary>
internal static class BaselineModel
{
    public static ModelMetrics Evaluate(TrainingData train, TrainingData test)
    {
        ArgumentNullException.ThrowIfNull(train);
        ArgumentNullException.ThrowIfNull(test);
        return MetricsCalculator.Evaluate(test, Predict(train, test.RowCount));
    }

    public static ModelPredictions Predict(TrainingData train, int rows)
    {
        ArgumentNullException.ThrowIfNull(train);
        if (train.Task == TrainingTask.Regression)
        {
            var mean = (float)train.Targets!.Average(t => (double)t);
            return new ModelPredictions(null, null, Enumerable.Repeat(mean, rows).ToArray());
        }

        var counts = new double[train.ClassNames.Count];
        foreach (var c in train.Classes!)
        {
            counts[c]++;
        }

        var priors = counts.Select(c => (float)(c / train.RowCount)).ToArray();
        var majority = Array.IndexOf(counts, counts.Max());
        return new ModelPredictions(
            Enumerable.Repeat(majority, rows).ToArray(),
            Enumerable.Range(0, rows).Select(_ => priors).ToArray(),
            null);
    }
}
