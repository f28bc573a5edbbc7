using Google.Protobuf;
using Mlops.Core.Onnx;
using Mlops.Core.Onnx.Proto;
using Mlops.Core.Onnx.Samples;

namespace Mlops.Core.Tests.Registry;

/// <summary>Real, loadable ONNX models for registry tests: the linear sample, made distinct per seed.</summary>
public static class RegistryTestModels
{
    /// <summary>What the inspector reads from <see cref="Model"/>.</summary>
    public static ModelSignature Signature { get; } = new(
        [new TensorSpec("features", TensorElementKind.Float, [-1, 3])],
        [new TensorSpec("variable", TensorElementKind.Float, [-1, 1])]);

    /// <summary>The linear sample over 3 features, with <paramref name="seed"/> in its metadata so the bytes differ per seed.</summary>
    public static byte[] Model(string seed)
    {
        var model = ModelProto.Parser.ParseFrom(SampleModels.LinearRegressor([1f, 2f, 3f], 0.5f));
        model.MetadataProps.Add(new StringStringEntryProto { Key = "seed", Value = seed });
        return model.ToByteArray();
    }

    /// <summary>A valid linear model of about <c>4 × features</c> bytes, for artifacts that span many read chunks.</summary>
    public static byte[] Large(int features, float bias = 0.5f) =>
        SampleModels.LinearRegressor([.. Enumerable.Range(0, features).Select(i => (i % 7) * 0.125f)], bias);
}
