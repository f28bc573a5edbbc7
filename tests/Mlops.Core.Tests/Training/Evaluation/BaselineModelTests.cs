using Mlops.Core.Training.Evaluation;
using Mlops.Core.Training.Trainers;

namespace Mlops.Core.Tests.Training.Evaluation;

public sealed class BaselineModelTests
{
    [Fact]
    public void Predict_Classification_MajorityClassWithTrainingFrequencies()
    {
        var train = Labeled(TrainingTask.MulticlassClassification, ["a", "b", "c"], classes: [1, 1, 1, 0, 2, 1, 0, 1]);

        var predictions = BaselineModel.Predict(train, rows: 3);

        Assert.Equal([1, 1, 1], predictions.Classes!);
        Assert.All(predictions.Probabilities!, p => Assert.Equal([0.25f, 0.625f, 0.125f], p));
    }

    [Fact]
    public void Evaluate_Binary_AucOneHalfAndAccuracyOfTheMajority()
    {
        var train = Labeled(TrainingTask.BinaryClassification, ["no", "yes"], classes: [0, 0, 0, 1]);
        var test = Labeled(TrainingTask.BinaryClassification, ["no", "yes"], classes: [0, 1, 0, 0, 1]);

        var metrics = BaselineModel.Evaluate(train, test).Values;

        Assert.Equal(0.5, metrics[MetricNames.Auc]);
        Assert.Equal(0.6, metrics[MetricNames.Accuracy], 12);
        Assert.Equal(0, metrics[MetricNames.Recall]);
        var expectedLogLoss = -((3 * Math.Log(0.75f)) + (2 * Math.Log(0.25f))) / 5;
        Assert.Equal(expectedLogLoss, metrics[MetricNames.LogLoss], 6);
    }

    [Fact]
    public void Evaluate_Regression_MeanOfTheTrainingTargets()
    {
        var train = Labeled(TrainingTask.Regression, [], targets: [1, 2, 3, 6]);
        var test = Labeled(TrainingTask.Regression, [], targets: [3, 5]);

        var metrics = BaselineModel.Evaluate(train, test).Values;

        Assert.Equal(1, metrics[MetricNames.Mae], 6);
        Assert.Equal(Math.Sqrt(((0.0 * 0) + (2 * 2)) / 2), metrics[MetricNames.Rmse], 6);
        Assert.Equal(1 - (4.0 / 2), metrics[MetricNames.R2], 6);
    }

    private static TrainingData Labeled(TrainingTask task, IReadOnlyList<string> classNames, int[]? classes = null, float[]? targets = null)
    {
        var rows = classes?.Length ?? targets!.Length;
        return new TrainingData(task, [FeatureSpec.Numeric("x")], [new float[rows]], [null], classNames, classes, targets, "y");
    }
}
