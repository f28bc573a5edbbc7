using System.Text.Json;
using Mlops.Core.Onnx;
using Mlops.Core.Onnx.Proto;
using Mlops.Core.Onnx.Samples;
using Mlops.Core.Tests.Onnx;

namespace Mlops.Core.Tests.Serving;

/// <summary>Models for serving tests, each with its reference computation.</summary>
public static class ServingModels
{
    public const float LinearBias = 0.75f;

    public static float[] LinearWeights { get; } = [0.5f, -1.25f, 2f];

    public static string[] LinearColumns { get; } = ["age", "income", "score"];

    /// <summary>The linear sample over [age, income, score] with <c>feature_names</c> metadata (or none).</summary>
    public static byte[] Linear(float[]? weights = null, float bias = LinearBias, bool featureNames = true)
    {
        var model = SampleModels.LinearRegressor(weights ?? LinearWeights, bias);
        return featureNames
            ? TestModels.Edit(model, m => m.MetadataProps.Add(new StringStringEntryProto { Key = "feature_names", Value = "age, income, score" }))
            : model;
    }

    public static float LinearExpected(IReadOnlyList<float> row, float[]? weights = null, float bias = LinearBias)
    {
        weights ??= LinearWeights;
        var sum = 0f;
        for (var i = 0; i < weights.Length; i++)
        {
            sum += weights[i] * row[i];
        }

        return sum + bias;
    }

    public static float[] MixedWeights { get; } = [0.5f, 0.25f, -1f, 3f, 10f, 20f];

    public const float MixedBias = 1f;

    /// <summary>
    /// One input per column of every kind predict reads: <c>ratio</c> double[N], <c>count</c> int64[N],
    /// <c>small</c> int32[N,1], <c>flag</c> bool[N], <c>city</c> string[N]; output <c>score</c> float[N,1].
    /// </summary>
    public static byte[] MixedKinds() => new OnnxModelBuilder("mixed_kinds")
        .Input("ratio", TensorElementKind.Double, -1)
        .Input("count", TensorElementKind.Int64, -1)
        .Input("small", TensorElementKind.Int32, -1, 1)
        .Input("flag", TensorElementKind.Bool, -1)
        .Input("city", TensorElementKind.String, -1)
        .Initializer("axis1", [1L], 1)
        .Initializer("coefficients", MixedWeights, MixedWeights.Length, 1)
        .Initializer("intercept", [MixedBias], 1)
        .Node("Cast", ["ratio"], ["ratio_f"], a => a.Int("to", (long)TensorElementKind.Float))
        .Node("Unsqueeze", ["ratio_f", "axis1"], ["ratio_2d"])
        .Node("Cast", ["count"], ["count_f"], a => a.Int("to", (long)TensorElementKind.Float))
        .Node("Unsqueeze", ["count_f", "axis1"], ["count_2d"])
        .Node("Cast", ["small"], ["small_2d"], a => a.Int("to", (long)TensorElementKind.Float))
        .Node("Cast", ["flag"], ["flag_f"], a => a.Int("to", (long)TensorElementKind.Float))
        .Node("Unsqueeze", ["flag_f", "axis1"], ["flag_2d"])
        .Node("OneHotEncoder", ["city"], ["city_2d"], a => a.Strings("cats_strings", ["paris", "london"]).Int("zeros", 1), OnnxDomains.Ml)
        .Node("Concat", ["ratio_2d", "count_2d", "small_2d", "flag_2d", "city_2d"], ["row"], a => a.Int("axis", 1))
        .Node("MatMul", ["row", "coefficients"], ["multiplied"])
        .Node("Add", ["multiplied", "intercept"], ["score"])
        .Output("score", TensorElementKind.Float, -1, 1)
        .ToBytes();

    public static float MixedExpected(double ratio, long count, int small, bool flag, string city) =>
        (MixedWeights[0] * (float)ratio) + (MixedWeights[1] * count) + (MixedWeights[2] * small) + (flag ? MixedWeights[3] : 0f)
        + (city == "paris" ? MixedWeights[4] : city == "london" ? MixedWeights[5] : 0f) + MixedBias;

    /// <summary>Not tabular: <c>image</c> float[N,2,2] doubled into <c>doubled</c> float[N,2,2].</summary>
    public static byte[] Image() => new OnnxModelBuilder("image")
        .Input("image", TensorElementKind.Float, -1, 2, 2)
        .Initializer("two", [2f], 1)
        .Node("Mul", ["image", "two"], ["doubled"])
        .Output("doubled", TensorElementKind.Float, -1, 2, 2)
        .ToBytes();

    /// <summary>The 8-feature tree ensemble classifier sample (label + probabilities), small.</summary>
    public static byte[] TreeClassifier(bool zipMap = false) => Trees.ToBinaryClassifierOnnx(zipMap);

    internal static SampleTreeEnsemble Trees { get; } = SampleModels.TreeEnsemble(trees: 10, features: 8, depth: 3, seed: 7);

    /// <summary>A predict body for the linear model in one of the three formats.</summary>
    public static string LinearBody(string format, float[][] rows)
    {
        var records = rows.Select(r => LinearColumns.Select((c, i) => (c, r[i])).ToDictionary(x => x.c, x => x.Item2)).ToArray();
        return format switch
        {
            "records" => JsonSerializer.Serialize(new { inputs = records }),
            "dataframe_records" => JsonSerializer.Serialize(new { dataframe_records = records }),
            _ => JsonSerializer.Serialize(new { dataframe_split = new { columns = LinearColumns, data = rows } }),
        };
    }

    public static float TreeProbability(float[] row) => Trees.Probability(row);
}
