using Mlops.Core.Diagnostics;
using Mlops.Core.Training.Trainers;

namespace Mlops.Core.Tests.Training.Trainers;

public sealed class ModelTrainerTests
{
    private static readonly Dictionary<string, double> FewTrees = new() { [TrainerParameters.NumberOfIterations] = 5 };

    [Fact]
    public void Train_SingleClass_ThrowsValidationBeforeTraining()
    {
        var customers = SyntheticCustomers.Generate(30, seed: 1);
        customers.ForEach(c => c.Churn = "no");
        var data = SyntheticCustomers.Load(customers, TrainingTask.BinaryClassification);

        var ex = Assert.Throws<MlopsException>(() => ModelTrainer.Train(data, TrainerKind.LightGbm, FewTrees));

        Assert.Equal(ErrorCategory.Validation, ex.Category);
        Assert.Equal("churn", ex.Field);
        Assert.Contains("single class", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Train_BinaryWithThreeClasses_ThrowsValidation()
    {
        var customers = SyntheticCustomers.Generate(30, seed: 1);
        customers.ForEach(c => c.Churn = c.Tier);
        var data = SyntheticCustomers.Load(customers, TrainingTask.BinaryClassification);

        var ex = Assert.Throws<MlopsException>(() => ModelTrainer.Train(data, TrainerKind.Linear));

        Assert.Contains("exactly two classes", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Train_ClassWithoutRows_ThrowsValidation()
    {
        var data = SyntheticCustomers.Load(SyntheticCustomers.Generate(30, seed: 1), TrainingTask.MulticlassClassification, ["high", "low", "mid", "vip"]);

        var ex = Assert.Throws<MlopsException>(() => ModelTrainer.Train(data, TrainerKind.Linear));

        Assert.Contains("'vip'", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Train_InvalidParameter_ThrowsValidationNamingIt()
    {
        var data = SyntheticCustomers.Load(SyntheticCustomers.Generate(30, seed: 1), TrainingTask.Regression);

        var ex = Assert.Throws<MlopsException>(() =>
            ModelTrainer.Train(data, TrainerKind.FastTree, new Dictionary<string, double> { [TrainerParameters.NumberOfLeaves] = 1 }));

        Assert.Equal(TrainerParameters.NumberOfLeaves, ex.Field);
    }

    [Fact]
    public void Train_UnlabeledRows_ThrowsValidation()
    {
        var data = TrainingData.FromDataView(
            SyntheticCustomers.ToDataView(SyntheticCustomers.Generate(10, seed: 1)), SyntheticCustomers.Features, TrainingTask.Regression, labelColumn: null);

        var ex = Assert.Throws<MlopsException>(() => ModelTrainer.Train(data, TrainerKind.Linear));

        Assert.Equal("label", ex.Field);
    }

    [Theory]
    [InlineData("score")]
    [InlineData("label")]
    [InlineData("probabilities")]
    public void Train_FeatureNamedLikeAnOutput_ThrowsValidation(string name)
    {
        var values = Enumerable.Range(0, 20).Select(i => (float)i).ToArray();
        var data = new TrainingData(TrainingTask.Regression, [FeatureSpec.Numeric(name)], [values], [null], [], null, values, "y");

        var ex = Assert.Throws<MlopsException>(() => ModelTrainer.Train(data, TrainerKind.Linear));

        Assert.Equal(name, ex.Field);
    }

    [Fact]
    public void Train_SameDataAndSeed_SameOnnxBytes()
    {
        var data = SyntheticCustomers.Load(SyntheticCustomers.Generate(300, seed: 2), TrainingTask.BinaryClassification);
        var parameters = new Dictionary<string, double> { [TrainerParameters.NumberOfIterations] = 10, [TrainerParameters.FeatureFraction] = 0.7 };

        var first = ModelTrainer.Train(data, TrainerKind.LightGbm, parameters, seed: 3).ToOnnx();
        var second = ModelTrainer.Train(data, TrainerKind.LightGbm, parameters, seed: 3).ToOnnx();

        Assert.Equal(first, second);
    }

    [Fact]
    public void Train_Parameters_RecordsEffectiveValues()
    {
        var data = SyntheticCustomers.Load(SyntheticCustomers.Generate(100, seed: 2), TrainingTask.Regression);

        var model = ModelTrainer.Train(data, TrainerKind.FastTree, new Dictionary<string, double> { ["numberoftrees"] = 7 });

        Assert.Equal(7, model.Parameters[TrainerParameters.NumberOfTrees]);
        Assert.Equal(20, model.Parameters[TrainerParameters.NumberOfLeaves]);
    }

    [Fact]
    public void Train_Canceled_ThrowsOperationCanceled()
    {
        var data = SyntheticCustomers.Load(SyntheticCustomers.Generate(30, seed: 1), TrainingTask.Regression);
        using var canceled = new CancellationTokenSource();
        canceled.Cancel();

        Assert.ThrowsAny<OperationCanceledException>(() => ModelTrainer.Train(data, TrainerKind.Linear, cancellationToken: canceled.Token));
    }
}
