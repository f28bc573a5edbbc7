using System.Text.Json;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using Mlops.Core.Diagnostics;
using Mlops.Core.Training.Export;
using Mlops.Core.Training.Trainers;

namespace Mlops.Core.Training.Evaluation;

/// <summary>
/// Measures an exported model (the platform's ONNX conventions: one [N,1] input per raw feature, <c>label</c> and
/// <c>probabilities</c> or <c>score</c> out) on labeled rows, so a challenger and the current champion are compared on the
/// same test rows by the same code. Classes are matched by name (<c>label_names</c> metadata), so a champion trained on
/// data whose classes sorted differently is still measured correctly. A model these rows cannot be fed to is a 422.
/// </summary>
internal static class OnnxEvaluator
{
    public static ModelMetrics Evaluate(byte[] onnx, TrainingData labeled)
    {
        ArgumentNullException.ThrowIfNull(onnx);
        ArgumentNullException.ThrowIfNull(labeled);
        using var options = new SessionOptions { IntraOpNumThreads = 1, InterOpNumThreads = 1 };
        InferenceSession session;
        try
        {
            session = new InferenceSession(onnx, options);
        }
        catch (OnnxRuntimeException ex)
        {
            throw MlopsException.Unprocessable($"ONNX Runtime cannot load the model: {ex.Message}", "model", ex);
        }

        using (session)
        {
            return MetricsCalculator.Evaluate(labeled, Predict(session, labeled));
        }
    }

    private static ModelPredictions Predict(InferenceSession session, TrainingData data)
    {
        var names = session.InputMetadata.Keys.ToArray();
        var inputs = new OrtValue[names.Length];
        try
        {
            long[] shape = [data.RowCount, 1];
            for (var i = 0; i < names.Length; i++)
            {
                inputs[i] = Input(names[i], session.InputMetadata[names[i]], data, shape);
            }

            using var runOptions = new RunOptions();
            var outputNames = session.OutputNames;
            using var outputs = session.Run(runOptions, names, inputs, outputNames);
            if (data.Task == TrainingTask.Regression)
            {
                var score = outputs[Output(outputNames, OnnxModelExporter.ScoreOutput)].GetTensorDataAsSpan<float>().ToArray();
                return new ModelPredictions(null, null, score);
            }

            var probabilities = outputs[Output(outputNames, OnnxModelExporter.ProbabilitiesOutput)].GetTensorDataAsSpan<float>().ToArray();
            return Classify(session, data, probabilities);
        }
        finally
        {
            foreach (var input in inputs)
            {
                input?.Dispose();
            }
        }
    }

    private static OrtValue Input(string name, NodeMetadata metadata, TrainingData data, long[] shape)
    {
        var feature = IndexOfFeature(data, name);
        if (feature < 0)
        {
            throw MlopsException.Unprocessable(
                $"The model takes input '{name}', which the data has no feature column for; its features are {string.Join(", ", data.Features.Select(f => $"'{f.Name}'"))}.",
                "model");
        }

        var isText = metadata.ElementDataType == TensorElementType.String;
        var isCategorical = data.Features[feature].Kind == FeatureKind.Categorical;
        if (isText != isCategorical)
        {
            throw MlopsException.Unprocessable(
                $"The model takes input '{name}' as {(isText ? "text" : metadata.ElementDataType.ToString())}, but the data's column is {data.Features[feature].Kind.ToString().ToLowerInvariant()}.",
                "model");
        }

        if (isText)
        {
            var values = data.Categorical(feature).Select(v => v ?? string.Empty).ToArray();
            return OrtValue.CreateFromStringTensor(new DenseTensor<string>(values, [(int)shape[0], 1]));
        }

        if (metadata.ElementDataType != TensorElementType.Float)
        {
            throw MlopsException.Unprocessable($"The model takes input '{name}' as {metadata.ElementDataType}; only float and text inputs are fed.", "model");
        }

        return OrtValue.CreateTensorValueFromMemory(data.Numeric(feature), shape);
    }

    private static ModelPredictions Classify(InferenceSession session, TrainingData data, float[] flat)
    {
        var rows = data.RowCount;
        var width = rows == 0 ? 0 : flat.Length / rows;
        var modelClasses = ClassNames(session) ?? data.ClassNames;
        if (modelClasses.Count != width)
        {
            throw MlopsException.Unprocessable($"The model outputs {width} probabilities per row for {modelClasses.Count} classes.", "model");
        }

        // Column of each of the data's classes in the model's output (-1: the model does not know the class).
        var columns = data.ClassNames.Select(name => IndexOf(modelClasses, name)).ToArray();
        var probabilities = new float[rows][];
        var classes = new int[rows];
        for (var r = 0; r < rows; r++)
        {
            var row = new float[columns.Length];
            var best = 0;
            for (var c = 0; c < columns.Length; c++)
            {
                row[c] = columns[c] < 0 ? 0f : flat[(r * width) + columns[c]];
                if (row[c] > row[best])
                {
                    best = c;
                }
            }

            probabilities[r] = row;
            classes[r] = best;
        }

        return new ModelPredictions(classes, probabilities, null);
    }

    private static List<string>? ClassNames(InferenceSession session)
    {
        if (!session.ModelMetadata.CustomMetadataMap.TryGetValue(ModelMetadataKeys.LabelNames, out var json))
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize<List<string>>(json);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static int Output(IReadOnlyList<string> names, string name)
    {
        var index = IndexOf(names, name);
        return index >= 0
            ? index
            : throw MlopsException.Unprocessable($"The model has no output '{name}' (it has {string.Join(", ", names.Select(n => $"'{n}'"))}).", "model");
    }

    private static int IndexOfFeature(TrainingData data, string name)
    {
        for (var i = 0; i < data.Features.Count; i++)
        {
            if (string.Equals(data.Features[i].Name, name, StringComparison.Ordinal))
            {
                return i;
            }
        }

        return -1;
    }

    private static int IndexOf(IReadOnlyList<string> names, string name)
    {
        for (var i = 0; i < names.Count; i++)
        {
            if (string.Equals(names[i], name, StringComparison.Ordinal))
            {
                return i;
            }
        }

        return -1;
    }
}
