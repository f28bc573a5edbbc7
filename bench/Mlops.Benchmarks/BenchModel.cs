using System.Globalization;
using System.Text;
using Google.Protobuf;
using Mlops.Core.Onnx.Proto;
using Mlops.Core.Onnx.Samples;

namespace Mlops.Benchmarks;

/// <summary>
/// The benchmark model: the 100-tree, depth-4 regressor over 8 features from <see cref="SampleModels"/>, with the
/// <c>feature_names</c> metadata serving reads to map JSON columns <c>f0</c> … <c>f7</c> onto its float[N, 8] input.
/// </summary>
internal static class BenchModel
{
    public const int Trees = 100;

    public const int Features = 8;

    public const string Input = "features";

    public const string Output = "variable";

    public const string FeatureNamesKey = "feature_names";

    public static IReadOnlyList<string> FeatureNames { get; } = [.. Enumerable.Range(0, Features).Select(i => $"f{i}")];

    /// <summary>The one request row every benchmark scores; values in [-1, 1] so every tree branch is live.</summary>
    public static float[] Row { get; } = [0.12f, -0.53f, 0.91f, -0.07f, 0.33f, -0.88f, 0.45f, 0.02f];

    public static byte[] Onnx()
    {
        var model = ModelProto.Parser.ParseFrom(SampleModels.TreeEnsembleRegressor(trees: Trees, features: Features));
        model.MetadataProps.Add(new StringStringEntryProto { Key = FeatureNamesKey, Value = string.Join(",", FeatureNames) });
        return model.ToByteArray();
    }

    /// <summary>The expected score of <see cref="Row"/>, from the sample's C# reference evaluator.</summary>
    public static float ExpectedScore() => SampleModels.TreeEnsemble(trees: Trees, features: Features).Score(Row);

    /// <summary><c>{"inputs":[{"f0":0.12,…}]}</c>: one row as the predict route takes it.</summary>
    public static string PredictJson()
    {
        var json = new StringBuilder("{\"inputs\":[{");
        for (var i = 0; i < Features; i++)
        {
            json.Append(i == 0 ? "" : ",").Append('"').Append(FeatureNames[i]).Append("\":")
                .Append(Row[i].ToString("R", CultureInfo.InvariantCulture));
        }

        return json.Append("}]}").ToString();
    }
}
