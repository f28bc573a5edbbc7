using System.Text.Json;
using Microsoft.ML.OnnxRuntime;
using Mlops.Core.Onnx;
using Mlops.Core.Tests.Onnx;
using Mlops.Core.Training.Export;
using Mlops.Core.Training.Trainers;

namespace Mlops.Core.Tests.Training.Export;

public sealed class OnnxModelExporterTests
{
    private static readonly Dictionary<string, double> FewTrees = new() { [TrainerParameters.NumberOfIterations] = 10 };

    [Fact]
    public void Export_Classifier_OneNamedInputPerColumnAndNamedOutputs()
    {
        var train = SyntheticCustomers.Load(SyntheticCustomers.Generate(200, seed: 1), TrainingTask.MulticlassClassification);
        var model = ModelTrainer.Train(train, TrainerKind.LightGbm, FewTrees);

        using var session = new InferenceSession(model.ToOnnx());

        Assert.Equal(SyntheticCustomers.Features.Select(f => f.Name), session.InputNames);
        foreach (var feature in SyntheticCustomers.Features)
        {
            var input = session.InputMetadata[feature.Name];
            Assert.Equal(feature.Kind == FeatureKind.Categorical ? typeof(string) : typeof(float), input.ElementType);
            Assert.Equal([-1, 1], input.Dimensions);
        }

        Assert.Equal(["label", "probabilities"], session.OutputNames);
        Assert.Equal(typeof(long), session.OutputMetadata["label"].ElementType);
        Assert.Equal([-1, 3], session.OutputMetadata["probabilities"].Dimensions);
    }

    [Fact]
    public void Export_EveryTask_InspectorReadsTheSignatureTheRegistryStores()
    {
        var inspector = new OnnxModelInspector();
        foreach (var task in Enum.GetValues<TrainingTask>())
        {
            var train = SyntheticCustomers.Load(SyntheticCustomers.Generate(150, seed: 1), task);
            var model = ModelTrainer.Train(train, TrainerKind.Linear);

            var signature = inspector.Inspect(model.ToOnnx());

            Assert.Equal(
                SyntheticCustomers.Features.Select(f => (f.Name, f.Kind == FeatureKind.Categorical ? TensorElementKind.String : TensorElementKind.Float)),
                signature.Inputs.Select(i => (i.Name, i.ElementType)));
            var outputs = signature.Outputs.Select(o => (o.Name, o.ElementType, string.Join(",", o.Shape)));
            var classes = train.ClassNames.Count;
            Assert.Equal(
                task == TrainingTask.Regression
                    ? [("score", TensorElementKind.Float, "-1,1")]
                    : new[] { ("label", TensorElementKind.Int64, "-1"), ("probabilities", TensorElementKind.Float, $"-1,{classes}") },
                outputs);
        }
    }

    [Fact]
    public void Export_Classifier_MetadataDescribesModel()
    {
        var train = SyntheticCustomers.Load(SyntheticCustomers.Generate(200, seed: 1), TrainingTask.BinaryClassification);
        var model = ModelTrainer.Train(train, TrainerKind.FastTree, new Dictionary<string, double> { [TrainerParameters.NumberOfTrees] = 5 });

        using var session = new InferenceSession(model.ToOnnx());
        var metadata = session.ModelMetadata.CustomMetadataMap;

        Assert.Equal("binary-classification", metadata[ModelMetadataKeys.Task]);
        Assert.Equal("fasttree", metadata[ModelMetadataKeys.Trainer]);
        Assert.Equal("churn", metadata[ModelMetadataKeys.LabelColumn]);
        Assert.Equal(["no", "yes"], JsonSerializer.Deserialize<string[]>(metadata[ModelMetadataKeys.LabelNames])!);
        Assert.Equal(SyntheticCustomers.Features.Select(f => f.Name), JsonSerializer.Deserialize<string[]>(metadata[ModelMetadataKeys.FeatureNames]));
        Assert.Equal(["numeric", "numeric", "numeric", "boolean", "categorical", "categorical"], JsonSerializer.Deserialize<string[]>(metadata[ModelMetadataKeys.FeatureKinds])!);
        Assert.Equal(5, JsonSerializer.Deserialize<Dictionary<string, double>>(metadata[ModelMetadataKeys.TrainerParameters])![TrainerParameters.NumberOfTrees]);
    }

    [Fact]
    public void Export_Regressor_ScoreOutputNoLabelNames()
    {
        var train = SyntheticCustomers.Load(SyntheticCustomers.Generate(200, seed: 1), TrainingTask.Regression);
        var model = ModelTrainer.Train(train, TrainerKind.Linear);

        using var session = new InferenceSession(model.ToOnnx());

        Assert.Equal(["score"], session.OutputNames);
        Assert.Equal([-1, 1], session.OutputMetadata["score"].Dimensions);
        Assert.False(session.ModelMetadata.CustomMetadataMap.ContainsKey(ModelMetadataKeys.LabelNames));
    }

    [Fact]
    public void Export_BinaryCalibratorWithOffset_ProbabilityFromPlattLabelFromScoreSign()
    {
        // ML.NET labels a binary row by the sign of its raw score, even when a calibrator offset moves P = 0.5 away
        // from score 0; the export keeps both rules.
        var train = SyntheticCustomers.Load(SyntheticCustomers.Generate(300, seed: 1), TrainingTask.BinaryClassification);
        var test = SyntheticCustomers.Load(SyntheticCustomers.Generate(100, seed: 2, heldOut: true), TrainingTask.BinaryClassification, train.ClassNames);
        var model = ModelTrainer.Train(train, TrainerKind.Linear);
        var read = MlNetModelReader.Read(model.Task, model.ModelParameters, model.Preprocessor.Width, 2);
        const float slope = -1.5f, offset = 1.2f;
        var shifted = read with { Slopes = [slope], Offsets = [offset] };
        var scores = model.Predict(test).Scores!;

        var onnx = OnnxModelExporter.Export(model, shifted);
        ExportedOnnx.AssertValid(onnx);
        using var runner = new OrtTestRunner(onnx);
        var (labels, probabilities) = runner.RunClassifier(OrtColumns.Inputs(test));

        var disagreements = 0;
        for (var r = 0; r < test.RowCount; r++)
        {
            var p = 1 / (1 + Math.Exp((slope * scores[r]) + offset));
            Assert.Equal(p, probabilities[r, 1], 1e-4);
            Assert.Equal(1 - p, probabilities[r, 0], 1e-4);
            Assert.Equal(scores[r] > 0 ? 1 : 0, labels[r]);
            disagreements += (p > 0.5) != (labels[r] == 1) ? 1 : 0;
        }

        Assert.True(disagreements > 0, "The offset should put some rows between P = 0.5 and score 0.");
    }

    [Theory]
    [InlineData(TrainerKind.LightGbm)]
    [InlineData(TrainerKind.Linear)]
    public void Export_OnlyOneCategoricalFeature_MatchesMlNet(TrainerKind trainer)
    {
        IReadOnlyList<FeatureSpec> features = [FeatureSpec.Categorical("plan")];
        var customers = SyntheticCustomers.Generate(300, seed: 3);
        var train = TrainingData.FromDataView(SyntheticCustomers.ToDataView(customers), features, TrainingTask.Regression, "spend");
        var test = TrainingData.FromDataView(SyntheticCustomers.ToDataView(SyntheticCustomers.Generate(30, seed: 4, heldOut: true)), features, TrainingTask.Regression, "spend");
        var model = ModelTrainer.Train(train, trainer, trainer == TrainerKind.LightGbm ? FewTrees : null);

        AssertScoresMatch(model, test);
    }

    [Theory]
    [InlineData(TrainerKind.FastTree)]
    [InlineData(TrainerKind.Linear)]
    public void Export_OnlyOneNumericFeature_MatchesMlNet(TrainerKind trainer)
    {
        IReadOnlyList<FeatureSpec> features = [FeatureSpec.Numeric("income")];
        var train = TrainingData.FromDataView(SyntheticCustomers.ToDataView(SyntheticCustomers.Generate(300, seed: 3)), features, TrainingTask.Regression, "spend");
        var test = TrainingData.FromDataView(SyntheticCustomers.ToDataView(SyntheticCustomers.Generate(30, seed: 4, heldOut: true)), features, TrainingTask.Regression, "spend");
        var model = ModelTrainer.Train(train, trainer, trainer == TrainerKind.FastTree ? new Dictionary<string, double> { [TrainerParameters.NumberOfTrees] = 10 } : null);

        AssertScoresMatch(model, test);
    }

    [Fact]
    public void Export_FeatureNamesLikeInternalValues_StillValid()
    {
        // Internal value names are chosen around the column names, so a column called "features" or "numeric" is fine.
        var customers = SyntheticCustomers.Generate(200, seed: 5);
        IReadOnlyList<FeatureSpec> features = [FeatureSpec.Numeric("numeric"), FeatureSpec.Numeric("features"), FeatureSpec.Categorical("numeric_imputed")];
        var view = new Microsoft.ML.MLContext(0).Data.LoadFromEnumerable(customers.Select(c => new OddNames { Numeric = c.Age, Features = c.Income, Imputed = c.Plan, Spend = c.Spend }));
        var data = TrainingData.FromDataView(view, features, TrainingTask.Regression, "spend");
        var model = ModelTrainer.Train(data, TrainerKind.Linear);

        var onnx = model.ToOnnx();

        ExportedOnnx.AssertValid(onnx);
        AssertScoresMatch(model, data.Select([.. Enumerable.Range(0, 20)]));
    }

    [Theory]
    [InlineData(TrainerKind.LightGbm)]
    [InlineData(TrainerKind.FastTree)]
    public void Export_NothingToSplitOn_SingleLeafTreesMatchMlNet(TrainerKind trainer)
    {
        // A constant feature leaves the trees nothing to split: ML.NET keeps single-leaf trees (or none at all).
        var targets = Enumerable.Range(0, 100).Select(i => (float)(i % 7)).ToArray();
        var data = new TrainingData(TrainingTask.Regression, [FeatureSpec.Numeric("x")], [Enumerable.Repeat(3f, 100).ToArray()], [null], [], null, targets, "y");
        var model = ModelTrainer.Train(data, trainer, new Dictionary<string, double> { [trainer == TrainerKind.LightGbm ? TrainerParameters.NumberOfIterations : TrainerParameters.NumberOfTrees] = 5 });

        AssertScoresMatch(model, data.Select([0, 1, 2]));
    }

    private static void AssertScoresMatch(TrainedModel model, TrainingData test)
    {
        var expected = model.Predict(test).Scores!;
        var onnx = model.ToOnnx();
        ExportedOnnx.AssertValid(onnx);
        using var runner = new OrtTestRunner(onnx);
        var scores = runner.RunFloats(OrtColumns.Inputs(test))["score"];
        for (var r = 0; r < test.RowCount; r++)
        {
            Assert.Equal(expected[r], scores[r, 0], 1e-5f * Math.Max(1f, Math.Abs(expected[r])));
        }
    }

    public sealed class OddNames
    {
        [Microsoft.ML.Data.ColumnName("numeric")]
        public float Numeric { get; set; }

        [Microsoft.ML.Data.ColumnName("features")]
        public float Features { get; set; }

        [Microsoft.ML.Data.ColumnName("numeric_imputed")]
        public string Imputed { get; set; } = string.Empty;

        [Microsoft.ML.Data.ColumnName("spend")]
        public float Spend { get; set; }
    }
}
