using Mlops.Core.Training.Trainers;

namespace Mlops.Core.Training.Evaluation;

/// <summary>
/// Metrics computed from predictions (the same numbers whichever runtime made them). All sums are in double. A metric
/// that is undefined on the rows (AUC with a single class present, R² of a constant target) is left out.
/// </summary>
internal static class MetricsCalculator
{
    /// <summary>Probabilities are clipped to [Epsilon, 1] before the log.</summary>
    public const double Epsilon = 1e-15;

    /// <summary>The metrics of <paramref name="predictions"/> against the labels of <paramref name="data"/>.</summary>
    public static ModelMetrics Evaluate(TrainingData data, ModelPredictions predictions)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(predictions);
        if (!data.IsLabeled)
        {
            throw new ArgumentException("Metrics need labeled rows.", nameof(data));
        }

        return data.Task switch
        {
            TrainingTask.BinaryClassification => Binary(data.Classes!, [.. predictions.Probabilities!.Select(p => p[1])], predictions.Classes!, data.ClassNames),
            TrainingTask.MulticlassClassification => Multiclass(data.Classes!, predictions.Probabilities!, predictions.Classes!, data.ClassNames),
            _ => Regression(data.Targets!, predictions.Scores!),
        };
    }

    /// <summary>Binary metrics; class 1 is the positive class.</summary>
    public static ModelMetrics Binary(IReadOnlyList<int> actual, IReadOnlyList<float> positiveProbability, IReadOnlyList<int> predicted, IReadOnlyList<string> classNames)
    {
        CheckLengths(actual.Count, positiveProbability.Count, predicted.Count);
        var confusion = Confusion(actual, predicted, 2);
        long tp = confusion[1][1], fp = confusion[0][1], fn = confusion[1][0];
        var values = new SortedDictionary<string, double>(StringComparer.Ordinal)
        {
            [MetricNames.Accuracy] = Accuracy(confusion, actual.Count),
            [MetricNames.Precision] = Ratio(tp, tp + fp),
            [MetricNames.Recall] = Ratio(tp, tp + fn),
            [MetricNames.F1] = Ratio(2 * tp, (2 * tp) + fp + fn),
        };

        if (actual.Count > 0)
        {
            values[MetricNames.LogLoss] = LogLoss(actual, r => actual[r] == 1 ? positiveProbability[r] : 1 - positiveProbability[r]);
        }

        if (Auc(Enumerable.Range(0, actual.Count).Select(r => (actual[r] == 1, (double)positiveProbability[r]))) is { } auc)
        {
            values[MetricNames.Auc] = auc;
        }

        return new ModelMetrics(TrainingTask.BinaryClassification, actual.Count, values, Matrix(classNames, confusion));
    }

    public static ModelMetrics Multiclass(IReadOnlyList<int> actual, IReadOnlyList<float[]> probabilities, IReadOnlyList<int> predicted, IReadOnlyList<string> classNames)
    {
        CheckLengths(actual.Count, probabilities.Count, predicted.Count);
        var classes = classNames.Count;
        var confusion = Confusion(actual, predicted, classes);
        var values = new SortedDictionary<string, double>(StringComparer.Ordinal)
        {
            [MetricNames.Accuracy] = Accuracy(confusion, actual.Count),
        };

        var recalls = new List<double>();
        var f1s = new List<double>();
        long tpSum = 0, fpSum = 0, fnSum = 0;
        for (var c = 0; c < classes; c++)
        {
            var tp = confusion[c][c];
            var actualCount = confusion[c].Sum();
            var predictedCount = confusion.Sum(row => row[c]);
            tpSum += tp;
            fpSum += predictedCount - tp;
            fnSum += actualCount - tp;
            if (actualCount > 0)
            {
                recalls.Add(Ratio(tp, actualCount));
            }

            if (actualCount > 0 || predictedCount > 0)
            {
                f1s.Add(Ratio(2 * tp, actualCount + predictedCount));
            }
        }

        if (recalls.Count > 0)
        {
            values[MetricNames.MacroAccuracy] = recalls.Average();
        }

        if (f1s.Count > 0)
        {
            values[MetricNames.MacroF1] = f1s.Average();
        }

        values[MetricNames.MicroF1] = Ratio(2 * tpSum, (2 * tpSum) + fpSum + fnSum);
        if (actual.Count > 0)
        {
            values[MetricNames.LogLoss] = LogLoss(actual, r => probabilities[r][actual[r]]);
        }

        var aucs = new List<double>();
        for (var c = 0; c < classes; c++)
        {
            var cls = c;
            if (Auc(Enumerable.Range(0, actual.Count).Select(r => (actual[r] == cls, (double)probabilities[r][cls]))) is { } auc)
            {
                aucs.Add(auc);
            }
        }

        if (aucs.Count > 0)
        {
            values[MetricNames.MacroAuc] = aucs.Average();
        }

        var pooled = Enumerable.Range(0, actual.Count).SelectMany(r => Enumerable.Range(0, classes).Select(c => (actual[r] == c, (double)probabilities[r][c])));
        if (Auc(pooled) is { } micro)
        {
            values[MetricNames.MicroAuc] = micro;
        }

        return new ModelMetrics(TrainingTask.MulticlassClassification, actual.Count, values, Matrix(classNames, confusion));
    }

    public static ModelMetrics Regression(IReadOnlyList<float> actual, IReadOnlyList<float> predicted)
    {
        CheckLengths(actual.Count, predicted.Count, predicted.Count);
        var values = new SortedDictionary<string, double>(StringComparer.Ordinal);
        var n = actual.Count;
        if (n > 0)
        {
            double squares = 0, absolute = 0, mean = actual.Average(a => (double)a), total = 0;
            for (var r = 0; r < n; r++)
            {
                var error = (double)actual[r] - predicted[r];
                squares += error * error;
                absolute += Math.Abs(error);
                total += (actual[r] - mean) * (actual[r] - mean);
            }

            values[MetricNames.Rmse] = Math.Sqrt(squares / n);
            values[MetricNames.Mae] = absolute / n;
            if (total > 0)
            {
                values[MetricNames.R2] = 1 - (squares / total);
            }
        }

        return new ModelMetrics(TrainingTask.Regression, n, values, null);
    }

    /// <summary>
    /// The area under the ROC curve: the probability that a random positive scores above a random negative, ties
    /// counting half (Mann-Whitney U with mid-ranks). Null when there are no positives or no negatives.
    /// </summary>
    public static double? Auc(IEnumerable<(bool Positive, double Score)> rows)
    {
        var sorted = rows.OrderBy(r => r.Score).ToArray();
        long positives = sorted.LongCount(r => r.Positive);
        long negatives = sorted.Length - positives;
        if (positives == 0 || negatives == 0)
        {
            return null;
        }

        double positiveRankSum = 0;
        for (var i = 0; i < sorted.Length;)
        {
            var j = i;
            while (j < sorted.Length && sorted[j].Score == sorted[i].Score)
            {
                j++;
            }

            // Ranks i+1..j share their mean.
            var midRank = (i + 1 + j) / 2.0;
            for (var k = i; k < j; k++)
            {
                if (sorted[k].Positive)
                {
                    positiveRankSum += midRank;
                }
            }

            i = j;
        }

        return (positiveRankSum - (positives * (positives + 1) / 2.0)) / ((double)positives * negatives);
    }

    private static double LogLoss(IReadOnlyList<int> actual, Func<int, double> probabilityOfActual)
    {
        double sum = 0;
        for (var r = 0; r < actual.Count; r++)
        {
            var p = probabilityOfActual(r);
            sum -= Math.Log(Math.Clamp(double.IsNaN(p) ? 0 : p, Epsilon, 1));
        }

        return sum / actual.Count;
    }

    private static long[][] Confusion(IReadOnlyList<int> actual, IReadOnlyList<int> predicted, int classes)
    {
        var counts = Enumerable.Range(0, classes).Select(_ => new long[classes]).ToArray();
        for (var r = 0; r < actual.Count; r++)
        {
            if (actual[r] < 0 || actual[r] >= classes || predicted[r] < 0 || predicted[r] >= classes)
            {
                throw new ArgumentOutOfRangeException(nameof(actual), $"Row {r} has a class outside [0, {classes}).");
            }

            counts[actual[r]][predicted[r]]++;
        }

        return counts;
    }

    private static double Accuracy(long[][] confusion, int rows) =>
        Ratio(Enumerable.Range(0, confusion.Length).Sum(c => confusion[c][c]), rows);

    private static double Ratio(long numerator, long denominator) => denominator == 0 ? 0 : (double)numerator / denominator;

    private static ConfusionMatrix Matrix(IReadOnlyList<string> classNames, long[][] confusion) =>
        new([.. classNames], [.. confusion.Select(row => (IReadOnlyList<long>)[.. row])]);

    private static void CheckLengths(int actual, int scores, int predicted)
    {
        if (scores != actual || predicted != actual)
        {
            throw new ArgumentException($"Expected one prediction per row: {actual} labels, {scores} scores, {predicted} predicted classes.");
        }
    }
}
