using Mlops.Core.Onnx;
using Mlops.Core.Tests.Onnx;
using Mlops.Core.Training.Trainers;

namespace Mlops.Core.Tests.Training.Export;

/// <summary>
/// For every trainer and task: ONNX Runtime running the exported model on raw held-out columns (missing values and
/// unseen categories included) predicts what ML.NET predicts on the same rows.
/// </summary>
public sealed class ExportParityTests
{
    private const float ProbabilityTolerance = 1e-4f;
    private const float TieMargin = 1e-5f;

    private static readonly Dictionary<TrainerKind, Dictionary<string, double>> SmallModels = new()
    {
        [TrainerKind.LightGbm] = new() { [TrainerParameters.NumberOfIterations] = 40, [TrainerParameters.NumberOfLeaves] = 8, [TrainerParameters.MinimumExampleCountPerLeaf] = 5 },
        [TrainerKind.FastTree] = new() { [TrainerParameters.NumberOfTrees] = 40, [TrainerParameters.NumberOfLeaves] = 8, [TrainerParameters.MinimumExampleCountPerLeaf] = 5 },
        [TrainerKind.Linear] = new(),
    };

    public static TheoryData<TrainerKind, TrainingTask> Combinations()
    {
        var data = new TheoryData<TrainerKind, TrainingTask>();
        foreach (var trainer in Enum.GetValues<TrainerKind>())
        {
            foreach (var task in Enum.GetValues<TrainingTask>())
            {
                data.Add(trainer, task);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Combinations))]
    public void Export_HeldOutRows_OnnxRuntimeMatchesMlNet(TrainerKind trainer, TrainingTask task)
    {
        // Arrange
        var train = SyntheticCustomers.Load(SyntheticCustomers.Generate(600, seed: 11), task);
        var test = SyntheticCustomers.Load(SyntheticCustomers.Generate(200, seed: 12, heldOut: true), task, train.ClassNames);
        var model = ModelTrainer.Train(train, trainer, SmallModels[trainer], seed: 5);
        var expected = model.Predict(test);

        // Act
        var onnx = model.ToOnnx();
        using var runner = new OrtTestRunner(onnx);

        // Assert
        ExportedOnnx.AssertValid(onnx);
        if (task == TrainingTask.Regression)
        {
            var scores = runner.RunFloats(OrtColumns.Inputs(test))["score"];
            Assert.Equal([test.RowCount, 1], scores.Dimensions.ToArray());
            AssertLearned(test, expected);
            for (var r = 0; r < test.RowCount; r++)
            {
                var want = expected.Scores![r];
                Assert.True(Math.Abs(scores[r, 0] - want) <= 1e-5f * Math.Max(1f, Math.Abs(want)), $"Row {r}: ONNX {scores[r, 0]}, ML.NET {want}.");
            }

            return;
        }

        var (labels, probabilities) = runner.RunClassifier(OrtColumns.Inputs(test));
        var classes = train.ClassNames.Count;
        Assert.Equal([test.RowCount, classes], probabilities.Dimensions.ToArray());
        Assert.Equal(test.RowCount, labels.Length);
        AssertLearned(test, expected);
        for (var r = 0; r < test.RowCount; r++)
        {
            for (var c = 0; c < classes; c++)
            {
                var want = expected.Probabilities![r][c];
                Assert.True(Math.Abs(probabilities[r, c] - want) <= ProbabilityTolerance, $"Row {r}, class {c}: ONNX {probabilities[r, c]}, ML.NET {want}.");
            }

            if (labels[r] != expected.Classes![r])
            {
                Assert.True(IsTie(task, expected, r), $"Row {r}: ONNX label {labels[r]}, ML.NET {expected.Classes[r]}, not a tie.");
            }
        }
    }

    // A model that predicts no better than the majority class or the mean would make parity meaningless.
    private static void AssertLearned(TrainingData test, ModelPredictions predictions)
    {
        if (test.Task == TrainingTask.Regression)
        {
            var mean = test.Targets!.Average();
            var baseline = test.Targets!.Average(t => (t - mean) * (t - mean));
            var error = test.Targets!.Zip(predictions.Scores!).Average(p => (p.First - p.Second) * (p.First - p.Second));
            Assert.True(error < 0.5 * baseline, $"Mean squared error {error} is not well below the variance {baseline}.");
            return;
        }

        var majority = test.Classes!.GroupBy(c => c).Max(g => g.Count()) / (double)test.RowCount;
        var accuracy = test.Classes!.Zip(predictions.Classes!).Count(p => p.First == p.Second) / (double)test.RowCount;
        Assert.True(accuracy > majority + 0.1, $"Accuracy {accuracy} is not above the majority-class rate {majority}.");
    }

    private static bool IsTie(TrainingTask task, ModelPredictions predictions, int row)
    {
        if (task == TrainingTask.BinaryClassification)
        {
            return Math.Abs(predictions.Scores![row]) <= TieMargin;
        }

        var sorted = predictions.Probabilities![row].OrderDescending().ToArray();
        return sorted[0] - sorted[1] <= TieMargin;
    }
}
