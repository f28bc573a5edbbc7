namespace Mlops.Core.Onnx;

/// <summary>The ONNX value kind of a graph input or output.</summary>
public enum ValueKind
{
    /// <summary>A dense tensor.</summary>
    Tensor,

    /// <summary>A sequence (e.g. ZipMap's sequence of maps).</summary>
    Sequence,

    /// <summary>A map.</summary>
    Map,
}
