using System.Text;
using Mlops.Core.Diagnostics;
using Mlops.Core.Onnx;

namespace Mlops.Core.Tests.Registry;

/// <summary>
/// Stands in for the ONNX inspector in registry tests: bytes that start with <see cref="Magic"/> are a "model" with a
/// fixed signature; anything else is rejected with the inspector's 422.
/// </summary>
public sealed class FakeOnnxInspector : IOnnxModelInspector
{
    public static readonly byte[] Magic = Encoding.ASCII.GetBytes("FAKE-ONNX\n");

    public static ModelSignature Signature { get; } = new(
        [new TensorSpec("features", TensorElementKind.Float, [-1, 4])],
        [new TensorSpec("label", TensorElementKind.Int64, [-1]), new TensorSpec("probabilities", TensorElementKind.Float, [-1, 2])]);

    private int _calls;

    public int Calls => _calls;

    /// <summary>A distinct valid "model" per <paramref name="seed"/>, <paramref name="size"/> bytes long.</summary>
    public static byte[] Model(string seed, int size = 256)
    {
        var bytes = new byte[Math.Max(size, Magic.Length + 1)];
        Magic.CopyTo(bytes, 0);
        var random = new Random(StringComparer.Ordinal.GetHashCode(seed));
        random.NextBytes(bytes.AsSpan(Magic.Length));
        Encoding.UTF8.GetBytes(seed).AsSpan(0, Math.Min(seed.Length, bytes.Length - Magic.Length)).CopyTo(bytes.AsSpan(Magic.Length));
        return bytes;
    }

    public ModelSignature Inspect(ReadOnlyMemory<byte> onnx)
    {
        Interlocked.Increment(ref _calls);
        return onnx.Span.StartsWith(Magic)
            ? Signature
            : throw MlopsException.Unprocessable("The upload is not an ONNX model: it does not parse as a ModelProto.", "model");
    }
}
