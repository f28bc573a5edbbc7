using System.Text.Json;
using Microsoft.ML.OnnxRuntime;
using Mlops.Core.Onnx;

namespace Mlops.Core.Serving;

internal sealed class TensorOutput : OutputValue
{
    private readonly TensorBuffer _data;

    public TensorOutput(ModelTensor spec, TensorBuffer data, long[] shape, int count)
        : base(spec)
    {
        _data = data;
        Shape = shape;
        Count = count;
    }

    public long[] Shape { get; }

    public int Count { get; }

    public TensorElementKind Kind => _data.Kind;

    public static TensorOutput Create(OrtValue value, ModelTensor spec)
    {
        var info = value.GetTensorTypeAndShape();
        var kind = CheckedKind(info, spec);
        var count = checked((int)info.ElementCount);
        var data = TensorBuffer.Create(kind, count);
        try
        {
            data.CopyFrom(value, count);
            return new TensorOutput(spec, data, info.Shape, count);
        }
        catch
        {
            data.Dispose();
            throw;
        }
    }

    public override void WriteRow(Utf8JsonWriter writer, int row, int rows)
    {
        if (Shape.Length == 0)
        {
            _data.WriteJson(writer, 0);
        }
        else if (Shape[0] != rows)
        {
            // No batch dimension to split by: every row gets the whole value.
            WriteNested(writer, 0, 0);
        }
        else if (Shape.Length == 1 || (Shape.Length == 2 && Shape[1] == 1))
        {
            _data.WriteJson(writer, row);
        }
        else
        {
            WriteNested(writer, 1, row * (Count / rows));
        }
    }

    /// <summary>Writes every element as one flat array (the Open Inference Protocol's row-major data).</summary>
    public void WriteFlat(Utf8JsonWriter writer)
    {
        writer.WriteStartArray();
        for (var i = 0; i < Count; i++)
        {
            _data.WriteJson(writer, i);
        }

        writer.WriteEndArray();
    }

    /// <summary>The buffer ONNX Runtime writes into when outputs are preallocated.</summary>
    public TensorBuffer Data => _data;

    public override void Dispose() => _data.Dispose();

    private void WriteNested(Utf8JsonWriter writer, int dimension, int offset)
    {
        if (dimension == Shape.Length)
        {
            _data.WriteJson(writer, offset);
            return;
        }

        var stride = 1;
        for (var d = dimension + 1; d < Shape.Length; d++)
        {
            stride *= (int)Shape[d];
        }

        writer.WriteStartArray();
        for (var i = 0; i < Shape[dimension]; i++)
        {
            WriteNested(writer, dimension + 1, offset + (i * stride));
        }

        writer.WriteEndArray();
    }
}
