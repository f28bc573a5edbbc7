namespace Mlops.Core.Onnx;

/// <summary>The inputs and outputs of a model, read from its ONNX graph at registration.</summary>
/// <param name="Inputs">Graph inputs that are not initializers, in graph order.</param>
/// <param name="Outputs">Graph outputs, in graph order.</param>
public sealed record ModelSignature(IReadOnlyList<TensorSpec> Inputs, IReadOnlyList<TensorSpec> Outputs);
