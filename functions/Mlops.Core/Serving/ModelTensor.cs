using System.Text.Json;
using Mlops.Core.Onnx;

namespace Mlops.Core.Serving;

/// <summary>One input or output of a loaded model, with what serving precomputes for it.</summary>
internal sealed class ModelTensor
{
    public ModelTensor(TensorSpec spec)
    {
        Name = spec.Name;
        JsonName = JsonEncodedText.Encode(spec.Name);
        ElementKind = spec.ElementType;
        ValueKind = spec.Kind;
        Shape = [.. spec.Shape];
        Datatype = InferenceDatatypes.ToDatatype(spec.ElementType);
        IsFeedable = spec.Kind == Onnx.ValueKind.Tensor && TensorBuffer.IsSupported(spec.ElementType);
        var rowSize = 1L;
        for (var i = 1; i < Shape.Length && rowSize > 0; i++)
        {
            rowSize = Shape[i] > 0 ? rowSize * Shape[i] : -1;
        }

        RowSize = Shape.Length == 0 ? 1 : rowSize is > 0 and <= int.MaxValue ? (int)rowSize : -1;
        if (Shape.Length >= 1 && RowSize > 0)
        {
            SingleRowShape = [.. Shape];
            SingleRowShape[0] = 1;
        }
    }

    public string Name { get; }

    public JsonEncodedText JsonName { get; }

    public TensorElementKind ElementKind { get; }

    public ValueKind ValueKind { get; }

    /// <summary>Dimensions, -1 where dynamic.</summary>
    public long[] Shape { get; }

    /// <summary>OIP datatype name, e.g. FP32.</summary>
    public string Datatype { get; }

    /// <summary>Whether requests can supply it: a dense tensor of an element type serving reads.</summary>
    public bool IsFeedable { get; }

    /// <summary>Elements per batch row (product of the dimensions after the first); -1 when one of them is dynamic.</summary>
    public int RowSize { get; }

    /// <summary>The fixed batch size, when the first dimension is not dynamic; null otherwise.</summary>
    public long? FixedRows => Shape.Length >= 1 && Shape[0] > 0 ? Shape[0] : null;

    private long[]? SingleRowShape { get; }

    /// <summary>The shape of a batch of <paramref name="rows"/> rows (requires a known <see cref="RowSize"/>).</summary>
    public long[] BatchShape(int rows)
    {
        // ONNX Runtime copies the dimensions, so single-row requests can share one array.
        if (rows == 1 && SingleRowShape is not null)
        {
            return SingleRowShape;
        }

        var shape = (long[])Shape.Clone();
        shape[0] = rows;
        return shape;
    }

    /// <summary>The shape as the protocol and error messages print it, e.g. <c>[-1,3]</c>.</summary>
    public string ShapeText => "[" + string.Join(",", Shape) + "]";
}
