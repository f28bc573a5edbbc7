using System.Text;
using Google.Protobuf;
using Mlops.Core.Onnx.Proto;

namespace Mlops.Core.Onnx;

/// <summary>Builds <see cref="TensorProto"/> constants (initializers and tensor attributes).</summary>
internal static class OnnxTensors
{
    public static TensorProto Float(string name, ReadOnlySpan<float> values, params long[] dims)
    {
        var tensor = Create(name, TensorElementKind.Float, values.Length, dims);
        foreach (var value in values)
        {
            tensor.FloatData.Add(value);
        }

        return tensor;
    }

    /// <summary>A rank-0 float tensor.</summary>
    public static TensorProto FloatScalar(string name, float value)
    {
        ArgumentNullException.ThrowIfNull(name);
        var tensor = new TensorProto { Name = name, DataType = (int)TensorElementKind.Float };
        tensor.FloatData.Add(value);
        return tensor;
    }

    public static TensorProto Int64(string name, ReadOnlySpan<long> values, params long[] dims)
    {
        var tensor = Create(name, TensorElementKind.Int64, values.Length, dims);
        foreach (var value in values)
        {
            tensor.Int64Data.Add(value);
        }

        return tensor;
    }

    public static TensorProto String(string name, IEnumerable<string> values, params long[] dims)
    {
        ArgumentNullException.ThrowIfNull(values);
        var encoded = values.Select(v => ByteString.CopyFrom(v, Encoding.UTF8)).ToList();
        var tensor = Create(name, TensorElementKind.String, encoded.Count, dims);
        tensor.StringData.AddRange(encoded);
        return tensor;
    }

    private static TensorProto Create(string name, TensorElementKind kind, int count, long[] dims)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(dims);

        // No dims means a 1-D tensor of all values; an explicit empty array cannot be expressed, use a scalar helper.
        var shape = dims.Length == 0 ? [count] : dims;
        long product = 1;
        foreach (var dim in shape)
        {
            ArgumentOutOfRangeException.ThrowIfNegative(dim, nameof(dims));
            product *= dim;
        }

        if (product != count)
        {
            throw new ArgumentException($"Tensor '{name}' has {count} values but dims [{string.Join(", ", shape)}] hold {product}.", nameof(dims));
        }

        var tensor = new TensorProto { Name = name, DataType = (int)kind };
        tensor.Dims.AddRange(shape);
        return tensor;
    }
}
