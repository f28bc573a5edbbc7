namespace Mlops.Core.Onnx;

/// <summary>One input or output of a model graph.</summary>
/// <param name="Name">The graph name of the value.</param>
/// <param name="ElementType">The element type (for sequences and maps: of the innermost tensor value).</param>
/// <param name="Shape">Dimensions; -1 for a dynamic dimension (such as the batch).</param>
/// <param name="Kind">Tensor, sequence or map.</param>
public sealed record TensorSpec(string Name, TensorElementKind ElementType, IReadOnlyList<long> Shape, ValueKind Kind = ValueKind.Tensor);
