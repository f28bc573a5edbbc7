using System.Text.Json;
using Mlops.Core.Onnx;
using Mlops.Core.Training.Trainers;

namespace Mlops.Core.Training.Export;

/// <summary>
/// Exports a <see cref="TrainedModel"/> as one ONNX graph ONNX Runtime serves from raw columns: the feature inputs and
/// preprocessing (<see cref="PreprocessingGraph"/>), the raw scores (TreeEnsembleRegressor, or MatMul + Add), then the
/// outputs. Classifiers output <c>label</c> int64[N] (a class index into the <c>label_names</c> metadata) and
/// <c>probabilities</c> float[N,C]; regressors output <c>score</c> float[N,1]. Metadata: see <see cref="ModelMetadataKeys"/>.
/// </summary>
internal static class OnnxModelExporter
{
    public const string LabelOutput = "label";
    public const string ProbabilitiesOutput = "probabilities";
    public const string ScoreOutput = "score";

    /// <summary>The output names, which no feature may take.</summary>
    public static IReadOnlySet<string> OutputNames { get; } = new HashSet<string>([LabelOutput, ProbabilitiesOutput, ScoreOutput], StringComparer.Ordinal);

    public static byte[] Export(TrainedModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        return Export(model, MlNetModelReader.Read(model.Task, model.ModelParameters, model.Preprocessor.Width, model.ClassNames.Count));
    }

    /// <summary>Writes <paramref name="predictor"/> behind the model's preprocessing (tests substitute predictors).</summary>
    public static byte[] Export(TrainedModel model, ExportedPredictor predictor)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(predictor);
        var preprocessor = model.Preprocessor;
        if (predictor.Scores.FeatureCount != preprocessor.Width)
        {
            throw new ArgumentException($"The predictor reads {predictor.Scores.FeatureCount} features; the preprocessing writes {preprocessor.Width}.", nameof(predictor));
        }

        var trainer = TrainerNames.Format(model.Trainer);
        var names = new ValueNames(model.Features.Select(f => f.Name).Concat(OutputNames));

        var builder = new OnnxModelBuilder($"mlops_{trainer}")
            .Producer("mlops", "1.0")
            .Doc($"{TrainerNames.Format(model.Task)} model trained with ML.NET ({trainer}) by the MLOps platform.")
            .Metadata(ModelMetadataKeys.Task, TrainerNames.Format(model.Task))
            .Metadata(ModelMetadataKeys.Trainer, trainer)
            .Metadata(ModelMetadataKeys.TrainerParameters, JsonSerializer.Serialize(model.Parameters))
            .Metadata(ModelMetadataKeys.FeatureNames, JsonSerializer.Serialize(model.Features.Select(f => f.Name)))
            .Metadata(ModelMetadataKeys.FeatureKinds, JsonSerializer.Serialize(model.Features.Select(f => f.Kind.ToString().ToLowerInvariant())));
        if (model.LabelColumn is { } labelColumn)
        {
            builder.Metadata(ModelMetadataKeys.LabelColumn, labelColumn);
        }

        if (model.Task != TrainingTask.Regression)
        {
            builder.Metadata(ModelMetadataKeys.LabelNames, JsonSerializer.Serialize(model.ClassNames));
        }

        var features = PreprocessingGraph.Write(builder, preprocessor, names);
        var scores = model.Task == TrainingTask.Regression ? ScoreOutput : names.Next("raw_scores");
        WriteScores(builder, predictor.Scores, features, scores, names);
        WriteOutputs(builder, predictor, scores, names);
        return builder.ToBytes();
    }

    private static void WriteScores(OnnxModelBuilder builder, ScoreFunction scores, string features, string output, ValueNames names)
    {
        if (scores.Trees is { } trees)
        {
            builder.Node("TreeEnsembleRegressor", [features], [output], a => trees.WriteRegressorAttributes(a), OnnxDomains.Ml);
            return;
        }

        var weights = names.Next("coefficients");
        var biases = names.Next("intercepts");
        var product = names.Next("weighted");
        builder
            .Initializer(weights, scores.LinearWeights!, scores.FeatureCount, scores.Targets)
            .Initializer(biases, scores.LinearBiases!, scores.Targets)
            .Node("MatMul", [features, weights], [product])
            .Node("Add", [product, biases], [output]);
    }

    private static void WriteOutputs(OnnxModelBuilder builder, ExportedPredictor predictor, string scores, ValueNames names)
    {
        var classes = predictor.Scores.Targets;
        switch (predictor.Transform)
        {
            case OutputTransform.None:
                builder.Output(ScoreOutput, TensorElementKind.Float, -1, 1);
                return;

            case OutputTransform.BinaryPlatt:
            {
                // P = 1 / (1 + exp(slope·s + offset)) = sigmoid(-slope·s - offset).
                var positive = Sigmoid(builder, scores, [-predictor.Slopes[0]], [-predictor.Offsets[0]], names);
                var one = names.Next("one");
                var zero = names.Next("zero");
                var negative = names.Next("p_negative");
                var isPositive = names.Next("is_positive");
                var labelColumn = names.Next("label_column");
                var flat = names.Next("flat_shape");
                builder
                    .Initializer(one, [1f], 1)
                    .Initializer(zero, [0f], 1)
                    .Initializer(flat, [-1L], 1)
                    .Node("Sub", [one, positive], [negative])
                    .Node("Concat", [negative, positive], [ProbabilitiesOutput], a => a.Int("axis", 1))

                    // ML.NET labels by the sign of the raw score, not by P > 0.5 (they differ when the offset is not 0).
                    .Node("Greater", [scores, zero], [isPositive])
                    .Node("Cast", [isPositive], [labelColumn], a => a.Int("to", (long)TensorElementKind.Int64))
                    .Node("Reshape", [labelColumn, flat], [LabelOutput]);
                break;
            }

            case OutputTransform.Softmax:
                builder.Node("Softmax", [scores], [ProbabilitiesOutput], a => a.Int("axis", 1));
                ArgMax(builder);
                break;

            case OutputTransform.NormalizedPlatt:
            {
                var probabilities = Sigmoid(builder, scores, [.. predictor.Slopes.Select(s => -s)], [.. predictor.Offsets.Select(o => -o)], names);
                var axes = names.Next("class_axis");
                var sum = names.Next("probability_sum");
                builder
                    .Initializer(axes, [1L], 1)
                    .Node("ReduceSum", [probabilities, axes], [sum], a => a.Int("keepdims", 1))
                    .Node("Div", [probabilities, sum], [ProbabilitiesOutput]);
                ArgMax(builder);
                break;
            }

            default:
                throw new ArgumentOutOfRangeException(nameof(predictor), predictor.Transform, "Unknown output transform.");
        }

        builder
            .Output(LabelOutput, TensorElementKind.Int64, -1)
            .Output(ProbabilitiesOutput, TensorElementKind.Float, -1, predictor.Transform == OutputTransform.BinaryPlatt ? 2 : classes);
    }

    /// <summary>sigmoid(scores · a + b), per column; returns the output name.</summary>
    private static string Sigmoid(OnnxModelBuilder builder, string scores, float[] a, float[] b, ValueNames names)
    {
        var scale = names.Next("platt_scale");
        var shift = names.Next("platt_shift");
        var scaled = names.Next("platt_scaled");
        var logits = names.Next("platt_logits");
        var probabilities = names.Next("platt_probabilities");
        builder
            .Initializer(scale, a, a.Length)
            .Initializer(shift, b, b.Length)
            .Node("Mul", [scores, scale], [scaled])
            .Node("Add", [scaled, shift], [logits])
            .Node("Sigmoid", [logits], [probabilities]);
        return probabilities;
    }

    private static void ArgMax(OnnxModelBuilder builder) =>
        builder.Node("ArgMax", [ProbabilitiesOutput], [LabelOutput], a => a.Int("axis", 1).Int("keepdims", 0));
}
