using Mlops.Core.Onnx;

namespace Mlops.Core.Serving;

/// <summary>Open Inference Protocol v2 tensor datatype names.</summary>
internal static class InferenceDatatypes
{
    public static string ToDatatype(TensorElementKind kind) => kind switch
    {
        TensorElementKind.Float => "FP32",
        TensorElementKind.Double => "FP64",
        TensorElementKind.Float16 => "FP16",
        TensorElementKind.Int64 => "INT64",
        TensorElementKind.Int32 => "INT32",
        TensorElementKind.Int16 => "INT16",
        TensorElementKind.Int8 => "INT8",
        TensorElementKind.UInt64 => "UINT64",
        TensorElementKind.UInt32 => "UINT32",
        TensorElementKind.UInt16 => "UINT16",
        TensorElementKind.UInt8 => "UINT8",
        TensorElementKind.Bool => "BOOL",
        TensorElementKind.String => "BYTES",
        _ => kind.ToString().ToUpperInvariant(),
    };
}
