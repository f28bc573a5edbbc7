using Mlops.Core.Onnx;
using Mlops.Core.Tests.Onnx;
using Mlops.Core.Training.Data;
using Mlops.Core.Training.Demo;
using Mlops.Core.Training.Evaluation;
using Mlops.Core.Training.Trainers;

namespace Mlops.Core.Tests.Training.Export;

/// <summary>
/// The demo data end to end: churn CSV → data intake → training data → split → train → evaluate → ONNX, the exported
/// model scoring the raw test columns as ML.NET does.
/// </summary>
public sealed class ChurnEndToEndTests
{
    [Theory]
    [InlineData(TrainerKind.LightGbm, SplitStrategy.Stratified)]
    [InlineData(TrainerKind.Linear, SplitStrategy.Time)]
    public async Task Train_ChurnCsv_LearnsAndExportsWithParity(TrainerKind trainer, SplitStrategy strategy)
    {
        // Arrange
        using var csv = new MemoryStream();
        await ChurnDataGenerator.WriteCsvAsync(csv, rows: 1500, seed: 21);
        csv.Position = 0;
        var dataset = (await DatasetReader.ReadAsync(csv, DataFormat.Csv, new DatasetReadOptions { Label = ChurnDataGenerator.LabelColumn })).Data;
        var all = TrainingData.FromDataset(dataset, TrainingTask.BinaryClassification);
        var times = ((TimestampColumn)dataset.GetColumn("signup_date")).Values.ToArray();
        var split = DataSplitter.Split(all.RowCount, new SplitOptions(strategy, 0.1, 0.2, "signup_date"), seed: 4, all.Classes, times);
        var parameters = trainer == TrainerKind.LightGbm ? new Dictionary<string, double> { [TrainerParameters.NumberOfIterations] = 50 } : null;

        // Act
        var model = ModelTrainer.Train(all.Select(split.Train), trainer, parameters, seed: 4);
        var test = all.Select(split.Test);
        var metrics = ModelEvaluator.Evaluate(model, test);
        var onnx = model.ToOnnx();

        // Assert
        Assert.DoesNotContain(all.Features, f => f.Name is "signup_date" or "customer_id" or ChurnDataGenerator.LabelColumn);
        Assert.Equal(["false", "true"], model.ClassNames);
        Assert.True(metrics.Values[MetricNames.Auc] > 0.7, $"AUC {metrics.Values[MetricNames.Auc]} shows no signal.");
        ExportedOnnx.AssertValid(onnx);

        var expected = model.Predict(test);
        using var runner = new OrtTestRunner(onnx);
        var (labels, probabilities) = runner.RunClassifier(OrtColumns.Inputs(test));
        for (var r = 0; r < test.RowCount; r++)
        {
            Assert.Equal(expected.Probabilities![r][1], probabilities[r, 1], 1e-4f);
            Assert.True(labels[r] == expected.Classes![r] || Math.Abs(expected.Scores![r]) < 1e-5f, $"Row {r}: label {labels[r]} vs {expected.Classes![r]}.");
        }
    }
}
