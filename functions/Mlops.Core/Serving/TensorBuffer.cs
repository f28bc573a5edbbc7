using System.Text.Json;
using Microsoft.ML.OnnxRuntime;
using Mlops.Core.Onnx;

namespace Mlops.Core.Serving;

/// <summary>
/// A growable, pooled buffer of tensor elements of one type: filled from JSON values (requests) or copied from an
/// <see cref="OrtValue"/> (outputs), fed to ONNX Runtime without copying, and written back as JSON.
/// </summary>
internal abstract class TensorBuffer : IDisposable
{
    /// <summary>The element type.</summary>
    public abstract TensorElementKind Kind { get; }

    /// <summary>Makes room for at least <paramref name="elements"/> elements, keeping those already stored.</summary>
    public abstract void EnsureCapacity(int elements);

    /// <summary>Stores the JSON value the reader is positioned on at <paramref name="index"/>.</summary>
    public abstract ElementError Read(ref Utf8JsonReader reader, int index, bool allowMissing);

    /// <summary>Wraps the first <paramref name="count"/> elements as a tensor (no copy for numeric types).</summary>
    public abstract OrtValue ToOrtValue(long[] shape, int count);

    /// <summary>Replaces the contents with a copy of a tensor's <paramref name="count"/> elements.</summary>
    public abstract void CopyFrom(OrtValue value, int count);

    /// <summary>Writes one element as a JSON value (non-finite floats as null).</summary>
    public abstract void WriteJson(Utf8JsonWriter writer, int index);

    /// <summary>Writes one element as a JSON property name (map keys).</summary>
    public abstract void WritePropertyName(Utf8JsonWriter writer, int index);

    public abstract void Dispose();

    /// <summary>Whether serving can read and write tensors of this element type.</summary>
    public static bool IsSupported(TensorElementKind kind) => kind is not TensorElementKind.Float16 && Enum.IsDefined(kind);

    public static TensorBuffer Create(TensorElementKind kind, int capacity) => kind switch
    {
        TensorElementKind.Float => new NumericBuffer<float>(kind, capacity),
        TensorElementKind.Double => new NumericBuffer<double>(kind, capacity),
        TensorElementKind.Int64 => new NumericBuffer<long>(kind, capacity),
        TensorElementKind.Int32 => new NumericBuffer<int>(kind, capacity),
        TensorElementKind.Int16 => new NumericBuffer<short>(kind, capacity),
        TensorElementKind.Int8 => new NumericBuffer<sbyte>(kind, capacity),
        TensorElementKind.UInt64 => new NumericBuffer<ulong>(kind, capacity),
        TensorElementKind.UInt32 => new NumericBuffer<uint>(kind, capacity),
        TensorElementKind.UInt16 => new NumericBuffer<ushort>(kind, capacity),
        TensorElementKind.UInt8 => new NumericBuffer<byte>(kind, capacity),
        TensorElementKind.Bool => new BoolBuffer(capacity),
        TensorElementKind.String => new StringBuffer(capacity),
        _ => throw new NotSupportedException($"Tensors of {kind} are not supported."),
    };
}
