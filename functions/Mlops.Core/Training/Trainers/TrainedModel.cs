using Microsoft.ML;
using Microsoft.ML.Data;
using Mlops.Core.Training.Export;

namespace Mlops.Core.Training.Trainers;

/// <summary>
/// A trained model: the fitted <see cref="FeaturePreprocessor"/> and the ML.NET prediction transformer behind it.
/// <see cref="Predict"/> scores with ML.NET; <see cref="ToOnnx"/> exports the same function, preprocessing included,
/// for ONNX Runtime.
/// </summary>
internal sealed class TrainedModel
{
    private readonly MLContext _ml;

    public TrainedModel(
        MLContext ml,
        TrainingTask task,
        TrainerKind trainer,
        IReadOnlyDictionary<string, double> parameters,
        FeaturePreprocessor preprocessor,
        IReadOnlyList<string> classNames,
        string? labelColumn,
        ITransformer transformer)
    {
        _ml = ml;
        Task = task;
        Trainer = trainer;
        Parameters = parameters;
        Preprocessor = preprocessor;
        ClassNames = classNames;
        LabelColumn = labelColumn;
        Transformer = transformer;
        ModelParameters = transformer is ISingleFeaturePredictionTransformer<object> prediction
            ? prediction.Model
            : throw new ArgumentException("Expected an ML.NET prediction transformer.", nameof(transformer));
    }

    public TrainingTask Task { get; }

    public TrainerKind Trainer { get; }

    /// <summary>The effective hyperparameters (given values and defaults).</summary>
    public IReadOnlyDictionary<string, double> Parameters { get; }

    public FeaturePreprocessor Preprocessor { get; }

    public IReadOnlyList<FeatureSpec> Features => Preprocessor.Features;

    /// <summary>Class names in class-index order; empty for regression.</summary>
    public IReadOnlyList<string> ClassNames { get; }

    public string? LabelColumn { get; }

    /// <summary>The ML.NET prediction transformer (on encoded feature vectors).</summary>
    public ITransformer Transformer { get; }

    /// <summary>The ML.NET model parameters (trees, weights, calibrators) the exporter reads.</summary>
    public object ModelParameters { get; }

    /// <summary>ML.NET's predictions for the rows of <paramref name="data"/> (its label, if any, is ignored).</summary>
    public ModelPredictions Predict(TrainingData data)
    {
        ArgumentNullException.ThrowIfNull(data);
        var vectors = Preprocessor.Transform(data);
        var view = FeatureRows.Create(_ml, data, vectors, Preprocessor.Width, Math.Max(ClassNames.Count, 1));
        var scored = Transformer.Transform(view);
        var rows = data.RowCount;
        using var cursor = scored.GetRowCursor(scored.Schema.Where(c => !c.IsHidden));
        switch (Task)
        {
            case TrainingTask.BinaryClassification:
            {
                var score = cursor.GetGetter<float>(scored.Schema["Score"]);
                var probability = cursor.GetGetter<float>(scored.Schema["Probability"]);
                var predicted = cursor.GetGetter<bool>(scored.Schema["PredictedLabel"]);
                var scores = new float[rows];
                var probabilities = new float[rows][];
                var classes = new int[rows];
                for (var r = 0; cursor.MoveNext(); r++)
                {
                    float s = 0, p = 0;
                    var label = false;
                    score(ref s);
                    probability(ref p);
                    predicted(ref label);
                    scores[r] = s;
                    probabilities[r] = [1f - p, p];
                    classes[r] = label ? 1 : 0;
                }

                return new ModelPredictions(classes, probabilities, scores);
            }

            case TrainingTask.MulticlassClassification:
            {
                var score = cursor.GetGetter<VBuffer<float>>(scored.Schema["Score"]);
                var predicted = cursor.GetGetter<uint>(scored.Schema["PredictedLabel"]);
                var probabilities = new float[rows][];
                var classes = new int[rows];
                VBuffer<float> buffer = default;
                for (var r = 0; cursor.MoveNext(); r++)
                {
                    uint key = 0;
                    score(ref buffer);
                    predicted(ref key);
                    probabilities[r] = buffer.DenseValues().ToArray();
                    classes[r] = (int)key - 1;
                }

                return new ModelPredictions(classes, probabilities, null);
            }

            default:
            {
                var score = cursor.GetGetter<float>(scored.Schema["Score"]);
                var scores = new float[rows];
                for (var r = 0; cursor.MoveNext(); r++)
                {
                    score(ref scores[r]);
                }

                return new ModelPredictions(null, null, scores);
            }
        }
    }

    /// <summary>The model as ONNX: one named input per feature, preprocessing in the graph (see <see cref="OnnxModelExporter"/>).</summary>
    public byte[] ToOnnx() => OnnxModelExporter.Export(this);
}
