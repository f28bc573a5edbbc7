using Mlops.Core.Diagnostics;
using Mlops.Core.Training.Evaluation;
using Mlops.Core.Training.Trainers;

namespace Mlops.Core.Tests.Training.Evaluation;

public sealed class OnnxEvaluatorTests
{
    [Theory]
    [InlineData(TrainingTask.BinaryClassification, "auc")]
    [InlineData(TrainingTask.MulticlassClassification, "log_loss")]
    [InlineData(TrainingTask.Regression, "rmse")]
    public void Evaluate_ExportedModel_MatchesTheMlNetModelsMetrics(TrainingTask task, string metric)
    {
        var train = SyntheticCustomers.Load(SyntheticCustomers.Generate(400, seed: 21), task);
        var test = SyntheticCustomers.Load(SyntheticCustomers.Generate(150, seed: 22), task, train.ClassNames);
        var model = ModelTrainer.Train(train, TrainerKind.LightGbm, new Dictionary<string, double> { ["numberOfIterations"] = 10 }, seed: 3);

        var viaOnnx = OnnxEvaluator.Evaluate(model.ToOnnx(), test);
        var viaMlNet = ModelEvaluator.Evaluate(model, test);

        Assert.Equal(viaMlNet.Values[metric], viaOnnx.Values[metric], 3);
    }

    [Fact]
    public void Evaluate_ClassesListedInAnotherOrder_AreMatchedByName()
    {
        var train = SyntheticCustomers.Load(SyntheticCustomers.Generate(400, seed: 21), TrainingTask.MulticlassClassification);
        var model = ModelTrainer.Train(train, TrainerKind.LightGbm, new Dictionary<string, double> { ["numberOfIterations"] = 10 }, seed: 3);
        var rows = SyntheticCustomers.Generate(150, seed: 22);
        var sameOrder = SyntheticCustomers.Load(rows, TrainingTask.MulticlassClassification, train.ClassNames);
        var reversed = SyntheticCustomers.Load(rows, TrainingTask.MulticlassClassification, [.. train.ClassNames.Reverse()]);

        var expected = OnnxEvaluator.Evaluate(model.ToOnnx(), sameOrder);
        var actual = OnnxEvaluator.Evaluate(model.ToOnnx(), reversed);

        Assert.Equal(expected.Values["accuracy"], actual.Values["accuracy"], 6);
        Assert.Equal(expected.Values["log_loss"], actual.Values["log_loss"], 6);
    }

    [Fact]
    public void Evaluate_DataWithoutAnInputTheModelTakes_Is422NamingTheInput()
    {
        var train = SyntheticCustomers.Load(SyntheticCustomers.Generate(300, seed: 21), TrainingTask.BinaryClassification);
        var model = ModelTrainer.Train(train, TrainerKind.Linear, new Dictionary<string, double>(), seed: 3);
        var fewer = TrainingData.FromDataView(
            SyntheticCustomers.ToDataView(SyntheticCustomers.Generate(50, seed: 22)),
            [.. SyntheticCustomers.Features.Where(f => f.Name != "region")],
            TrainingTask.BinaryClassification,
            "churn",
            train.ClassNames);

        var error = Assert.Throws<MlopsException>(() => OnnxEvaluator.Evaluate(model.ToOnnx(), fewer));

        Assert.Equal(ErrorCategory.Unprocessable, error.Category);
        Assert.Contains("'region'", error.Message, StringComparison.Ordinal);
    }
}
