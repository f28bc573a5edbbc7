using Microsoft.ML.OnnxRuntime;
using Mlops.Core.Tests.Onnx;
using Mlops.Core.Training.Trainers;

namespace Mlops.Core.Tests.Training;

/// <summary>The named [N,1] inputs an exported model takes, from raw rows (missing text as "", as a client would send).</summary>
public static class OrtColumns
{
    internal static NamedOnnxValue[] Inputs(TrainingData data)
    {
        var inputs = new NamedOnnxValue[data.Features.Count];
        for (var f = 0; f < data.Features.Count; f++)
        {
            var feature = data.Features[f];
            inputs[f] = feature.Kind == FeatureKind.Categorical
                ? OrtTestRunner.Strings(feature.Name, [.. data.Categorical(f).Select(v => v ?? string.Empty)], data.RowCount, 1)
                : OrtTestRunner.Floats(feature.Name, data.Numeric(f), data.RowCount, 1);
        }

        return inputs;
    }
}
