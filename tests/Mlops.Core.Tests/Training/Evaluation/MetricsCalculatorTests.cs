using Microsoft.ML;
using Mlops.Core.Training.Evaluation;
using Mlops.Core.Training.Trainers;

namespace Mlops.Core.Tests.Training.Evaluation;

public sealed class MetricsCalculatorTests
{
    private const double Precision = 1e-9;

    [Fact]
    public void Auc_PositivesMostlyAbove_CountsOrderedPairs()
    {
        // Positive 0.9 beats both negatives, 0.4 beats only 0.1: 3 of 4 pairs.
        var auc = MetricsCalculator.Auc([(true, 0.9), (true, 0.4), (false, 0.5), (false, 0.1)]);

        Assert.Equal(0.75, auc!.Value, Precision);
    }

    [Fact]
    public void Auc_TiedScores_CountHalf()
    {
        var auc = MetricsCalculator.Auc([(true, 0.5), (false, 0.5), (true, 0.7), (false, 0.2)]);

        // Pairs: 0.5 vs 0.5 tie (0.5), 0.5 > 0.2, 0.7 > 0.5, 0.7 > 0.2: 3.5 of 4.
        Assert.Equal(0.875, auc!.Value, Precision);
    }

    [Fact]
    public void Auc_OneClassOnly_IsUndefined()
    {
        Assert.Null(MetricsCalculator.Auc([(true, 0.5), (true, 0.7)]));
    }

    [Fact]
    public void Binary_Counts_ComputeAccuracyPrecisionRecallF1LogLoss()
    {
        int[] actual = [1, 1, 0, 0, 1];
        int[] predicted = [1, 0, 0, 1, 1];
        float[] p = [0.9f, 0.4f, 0.2f, 0.6f, 0.8f];

        var metrics = MetricsCalculator.Binary(actual, p, predicted, ["no", "yes"]);

        Assert.Equal(0.6, metrics.Values[MetricNames.Accuracy], Precision);
        Assert.Equal(2.0 / 3, metrics.Values[MetricNames.Precision], Precision);
        Assert.Equal(2.0 / 3, metrics.Values[MetricNames.Recall], Precision);
        Assert.Equal(2.0 / 3, metrics.Values[MetricNames.F1], Precision);
        var logLoss = -(Math.Log(0.9f) + Math.Log(0.4f) + Math.Log(1 - 0.2f) + Math.Log(1 - 0.6f) + Math.Log(0.8f)) / 5;
        Assert.Equal(logLoss, metrics.Values[MetricNames.LogLoss], 1e-6);
        Assert.Equal(5.0 / 6, metrics.Values[MetricNames.Auc], Precision);
        Assert.Equal([1L, 1L], metrics.ConfusionMatrix!.Counts[0]);
        Assert.Equal([1L, 2L], metrics.ConfusionMatrix.Counts[1]);
        Assert.Equal(["no", "yes"], metrics.ConfusionMatrix.Classes);
    }

    [Fact]
    public void Binary_CertainWrongPrediction_LogLossIsClippedNotInfinite()
    {
        var metrics = MetricsCalculator.Binary([1], [0f], [0], ["no", "yes"]);

        Assert.Equal(-Math.Log(MetricsCalculator.Epsilon), metrics.Values[MetricNames.LogLoss], 1e-6);
        Assert.False(metrics.Values.ContainsKey(MetricNames.Auc));
    }

    [Fact]
    public void Multiclass_Counts_ComputeMicroAndMacroAverages()
    {
        int[] actual = [0, 1, 2, 2];
        int[] predicted = [0, 2, 2, 1];
        float[][] p = [[0.8f, 0.1f, 0.1f], [0.2f, 0.3f, 0.5f], [0.1f, 0.2f, 0.7f], [0.1f, 0.5f, 0.4f]];

        var metrics = MetricsCalculator.Multiclass(actual, p, predicted, ["a", "b", "c"]);

        Assert.Equal(0.5, metrics.Values[MetricNames.Accuracy], Precision);
        Assert.Equal(0.5, metrics.Values[MetricNames.MicroF1], Precision);
        Assert.Equal((1 + 0 + 0.5) / 3, metrics.Values[MetricNames.MacroAccuracy], Precision);

        // Per-class F1: a 1 (1 right of 1), b 0, c 0.5 (1 right, 2 actual, 2 predicted).
        Assert.Equal((1 + 0 + 0.5) / 3, metrics.Values[MetricNames.MacroF1], Precision);
        var logLoss = -(Math.Log(0.8f) + Math.Log(0.3f) + Math.Log(0.7f) + Math.Log(0.4f)) / 4;
        Assert.Equal(logLoss, metrics.Values[MetricNames.LogLoss], 1e-6);
        Assert.Equal([0L, 1L, 1L], metrics.ConfusionMatrix!.Counts[2]);

        // One-versus-rest AUC per class: a 3/3 pairs ordered, b 2/3 (0.3 above 0.1 and 0.2, below 0.5), c 3/4 (0.4 below 0.5);
        // macro is their mean. Micro pools all 12 scores: 4 positives (0.8, 0.3, 0.7, 0.4) against 8 negatives
        // (0.1 x4, 0.2 x2, 0.5 x2): 8 + 6 + 8 + 6 = 28 of 32 pairs ordered.
        Assert.Equal((1 + (2.0 / 3) + 0.75) / 3, metrics.Values[MetricNames.MacroAuc], Precision);
        Assert.Equal(28.0 / 32, metrics.Values[MetricNames.MicroAuc], Precision);
    }

    [Fact]
    public void Multiclass_PerfectScores_AucIsOne()
    {
        int[] actual = [0, 1, 2];
        float[][] p = [[0.9f, 0.05f, 0.05f], [0.1f, 0.8f, 0.1f], [0.2f, 0.2f, 0.6f]];

        var metrics = MetricsCalculator.Multiclass(actual, p, actual, ["a", "b", "c"]);

        Assert.Equal(1, metrics.Values[MetricNames.MacroAuc], Precision);
        Assert.Equal(1, metrics.Values[MetricNames.MicroAuc], Precision);
        Assert.Equal(1, metrics.Values[MetricNames.MacroF1], Precision);
    }

    [Fact]
    public void Regression_Errors_ComputeRmseMaeR2()
    {
        var metrics = MetricsCalculator.Regression([1f, 2f, 3f], [1f, 2f, 5f]);

        Assert.Equal(Math.Sqrt(4.0 / 3), metrics.Values[MetricNames.Rmse], Precision);
        Assert.Equal(2.0 / 3, metrics.Values[MetricNames.Mae], Precision);
        Assert.Equal(1 - (4.0 / 2), metrics.Values[MetricNames.R2], Precision);
        Assert.Null(metrics.ConfusionMatrix);
    }

    [Fact]
    public void Regression_ConstantTarget_R2Undefined()
    {
        var metrics = MetricsCalculator.Regression([2f, 2f], [1f, 3f]);

        Assert.False(metrics.Values.ContainsKey(MetricNames.R2));
        Assert.Equal(1, metrics.Values[MetricNames.Rmse], Precision);
    }

    [Theory]
    [InlineData(MetricNames.Auc, true)]
    [InlineData(MetricNames.R2, true)]
    [InlineData(MetricNames.LogLoss, false)]
    [InlineData(MetricNames.Rmse, false)]
    [InlineData(MetricNames.Mae, false)]
    public void IsHigherBetter_Metric_KnowsDirection(string metric, bool expected)
    {
        Assert.Equal(expected, MetricNames.IsHigherBetter(metric));
    }

    [Fact]
    public void Evaluate_Binary_AgreesWithMlNetEvaluator()
    {
        var (model, test) = Trained(TrainingTask.BinaryClassification, TrainerKind.FastTree);
        var ml = new MLContext(0);

        var ours = MetricsCalculator.Evaluate(test, model.Predict(test));
        var theirs = ml.BinaryClassification.Evaluate(Scored(ml, model, test));

        Assert.Equal(theirs.AreaUnderRocCurve, ours.Values[MetricNames.Auc], 1e-6);
        Assert.Equal(theirs.Accuracy, ours.Values[MetricNames.Accuracy], 1e-6);
        Assert.Equal(theirs.F1Score, ours.Values[MetricNames.F1], 1e-6);
        Assert.Equal(theirs.PositivePrecision, ours.Values[MetricNames.Precision], 1e-6);
        Assert.Equal(theirs.PositiveRecall, ours.Values[MetricNames.Recall], 1e-6);
    }

    [Fact]
    public void Evaluate_Multiclass_AgreesWithMlNetEvaluator()
    {
        var (model, test) = Trained(TrainingTask.MulticlassClassification, TrainerKind.Linear);
        var ml = new MLContext(0);

        var ours = MetricsCalculator.Evaluate(test, model.Predict(test));
        var theirs = ml.MulticlassClassification.Evaluate(Scored(ml, model, test));

        Assert.Equal(theirs.MicroAccuracy, ours.Values[MetricNames.Accuracy], 1e-6);
        Assert.Equal(theirs.MacroAccuracy, ours.Values[MetricNames.MacroAccuracy], 1e-6);
        Assert.Equal(theirs.LogLoss, ours.Values[MetricNames.LogLoss], 1e-4);
        Assert.Equal(theirs.ConfusionMatrix.Counts.Select(r => r.Select(c => (long)c)), ours.ConfusionMatrix!.Counts);
    }

    [Fact]
    public void Evaluate_Regression_AgreesWithMlNetEvaluator()
    {
        var (model, test) = Trained(TrainingTask.Regression, TrainerKind.LightGbm);
        var ml = new MLContext(0);

        var ours = MetricsCalculator.Evaluate(test, model.Predict(test));
        var theirs = ml.Regression.Evaluate(Scored(ml, model, test));

        Assert.Equal(theirs.RootMeanSquaredError, ours.Values[MetricNames.Rmse], 1e-3);
        Assert.Equal(theirs.MeanAbsoluteError, ours.Values[MetricNames.Mae], 1e-3);
        Assert.Equal(theirs.RSquared, ours.Values[MetricNames.R2], 1e-6);
    }

    private static (TrainedModel Model, TrainingData Test) Trained(TrainingTask task, TrainerKind trainer)
    {
        var train = SyntheticCustomers.Load(SyntheticCustomers.Generate(400, seed: 31), task);
        var test = SyntheticCustomers.Load(SyntheticCustomers.Generate(150, seed: 32), task, train.ClassNames);
        var parameters = trainer == TrainerKind.Linear ? null : new Dictionary<string, double> { [trainer == TrainerKind.FastTree ? TrainerParameters.NumberOfTrees : TrainerParameters.NumberOfIterations] = 20 };
        return (ModelTrainer.Train(train, trainer, parameters), test);
    }

    private static IDataView Scored(MLContext ml, TrainedModel model, TrainingData test) =>
        model.Transformer.Transform(FeatureRows.Create(ml, test, model.Preprocessor.Transform(test), model.Preprocessor.Width, Math.Max(1, test.ClassNames.Count)));
}
