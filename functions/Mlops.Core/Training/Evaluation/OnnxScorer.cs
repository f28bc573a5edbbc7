using System.Globalization;
using System.Text.Json;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using Mlops.Core.Diagnostics;
using Mlops.Core.Training.Export;
using Mlops.Core.Training.Trainers;

namespace Mlops.Core.Training.Evaluation;

/// <summary>
/// Runs an exported model (the platform's ONNX conventions: one [N,1] input per raw feature, <c>label</c> and
/// <c>probabilities</c> or <c>score</c> out) on rows of a data set, for evaluation against labels and for batch scoring.
/// A model these rows cannot be fed to is a 422 naming the input.
/// </summary>
internal static class OnnxScorer
{
    /// <summary>Loads a model; a file ONNX Runtime refuses is a 422.</summary>
    public static InferenceSession Load(byte[] onnx)
    {
        ArgumentNullException.ThrowIfNull(onnx);
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

        return session;
    }

    /// <summary>The features a model takes, by input name: text inputs categorical, the rest numeric (booleans as 0/1).</summary>
    public static IReadOnlyList<FeatureSpec> Features(InferenceSession session) =>
    [
        .. session.InputMetadata.Select(input => input.Value.ElementDataType == TensorElementType.String
            ? FeatureSpec.Categorical(input.Key)
            : FeatureSpec.Numeric(input.Key)),
    ];

    /// <summary>Scores every row of <paramref name="data"/>.</summary>
    public static OnnxScores Score(InferenceSession session, TrainingData data)
    {
        ArgumentNullException.ThrowIfNull(session);
        ArgumentNullException.ThrowIfNull(data);
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
            if (IndexOf(outputNames, OnnxModelExporter.ProbabilitiesOutput) is var p and >= 0)
            {
                var probabilities = outputs[p].GetTensorDataAsSpan<float>().ToArray();
                var width = data.RowCount == 0 ? 0 : probabilities.Length / data.RowCount;
                var classes = ClassNames(session) ?? (data.ClassNames.Count == width ? data.ClassNames : [.. Enumerable.Range(0, width).Select(i => i.ToString(CultureInfo.InvariantCulture))]);
                if (classes.Count != width)
                {
                    throw MlopsException.Unprocessable($"The model outputs {width} probabilities per row for {classes.Count} classes.", "model");
                }

                return new OnnxScores(classes, probabilities, null);
            }

            var score = outputs[Output(outputNames, OnnxModelExporter.ScoreOutput)].GetTensorDataAsSpan<float>().ToArray();
            return new OnnxScores([], null, score);
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
