namespace Mlops.Core.Onnx;

/// <summary>Element types of tensors in a model signature (the ONNX <c>TensorProto.DataType</c> values we serve).</summary>
public enum TensorElementKind
{
    /// <summary>32-bit float (ONNX FLOAT, OIP FP32).</summary>
    Float = 1,

    /// <summary>Unsigned 8-bit (UINT8).</summary>
    UInt8 = 2,

    /// <summary>Signed 8-bit (INT8).</summary>
    Int8 = 3,

    /// <summary>Unsigned 16-bit (UINT16).</summary>
    UInt16 = 4,

    /// <summary>Signed 16-bit (INT16).</summary>
    Int16 = 5,

    /// <summary>Signed 32-bit (INT32).</summary>
    Int32 = 6,

    /// <summary>Signed 64-bit (INT64).</summary>
    Int64 = 7,

    /// <summary>UTF-8 string (STRING, OIP BYTES).</summary>
    String = 8,

    /// <summary>Boolean (BOOL).</summary>
    Bool = 9,

    /// <summary>16-bit float (FLOAT16, OIP FP16).</summary>
    Float16 = 10,

    /// <summary>64-bit float (DOUBLE, OIP FP64).</summary>
    Double = 11,

    /// <summary>Unsigned 32-bit (UINT32).</summary>
    UInt32 = 12,

    /// <summary>Unsigned 64-bit (UINT64).</summary>
    UInt64 = 13,
}
