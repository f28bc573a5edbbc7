using Microsoft.ML.OnnxRuntime;
using Mlops.Core.Training.Trainers;

namespace Mlops.Training.Bench;

/// <summary>Scores raw columns with an exported classifier: one [N,1] tensor per feature in, labels and probabilities out.</summary>
internal static class OnnxScoring
{
    public static (long[] Labels, float[] Probabilities) Score(InferenceSession session, TrainingData data)
    {
        var names = new string[data.Features.Count];
        var inputs = new OrtValue[data.Features.Count];
        try
        {
            long[] shape = [data.RowCount, 1];
            for (var f = 0; f < data.Features.Count; f++)
            {
                var feature = data.Features[f];
                names[f] = feature.Name;
                inputs[f] = feature.Kind == FeatureKind.Categorical
                    ? OrtValue.CreateFromStringTensor(StringTensor(data.Categorical(f), shape))
                    : OrtValue.CreateTensorValueFromMemory(data.Numeric(f), shape);
            }

            using var runOptions = new RunOptions();
            var outputNames = session.OutputNames;
            using var outputs = session.Run(runOptions, names, inputs, outputNames);
            var labels = outputs[IndexOf(outputNames, "label")].GetTensorDataAsSpan<long>().ToArray();
            var probabilities = outputs[IndexOf(outputNames, "probabilities")].GetTensorDataAsSpan<float>().ToArray();
            return (labels, probabilities);
        }
        finally
        {
            foreach (var input in inputs)
            {
                input?.Dispose();
            }
        }
    }

    private static int IndexOf(IReadOnlyList<string> names, string name)
    {
        for (var i = 0; i < names.Count; i++)
        {
            if (names[i] == name)
            {
                return i;
            }
        }

        throw new InvalidOperationException($"The model has no output '{name}'.");
    }

    private static Microsoft.ML.OnnxRuntime.Tensors.DenseTensor<string> StringTensor(string?[] values, long[] shape) =>
        new(values.Select(v => v ?? string.Empty).ToArray(), new[] { (int)shape[0], (int)shape[1] });
}
