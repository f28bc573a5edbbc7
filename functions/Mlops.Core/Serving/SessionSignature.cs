using Microsoft.ML.OnnxRuntime;
using Mlops.Core.Onnx;

namespace Mlops.Core.Serving;

/// <summary>Reads a model's signature from a live session (the authority on what <c>Run</c> accepts).</summary>
internal static class SessionSignature
{
    public static ModelSignature Read(InferenceSession session) => new(
        [.. session.InputNames.Select(name => Spec(name, session.InputMetadata[name]))],
        [.. session.OutputNames.Select(name => Spec(name, session.OutputMetadata[name]))]);

    private static TensorSpec Spec(string name, NodeMetadata metadata) => metadata.OnnxValueType switch
    {
        OnnxValueType.ONNX_TYPE_TENSOR => new TensorSpec(
            name, (TensorElementKind)(int)metadata.ElementDataType, [.. metadata.Dimensions.Select(d => d < 0 ? -1L : d)]),
        OnnxValueType.ONNX_TYPE_SEQUENCE => new TensorSpec(name, Innermost(metadata), [], ValueKind.Sequence),
        OnnxValueType.ONNX_TYPE_MAP => new TensorSpec(name, Innermost(metadata), [], ValueKind.Map),
        _ => new TensorSpec(name, TensorElementKind.Float, [], ValueKind.Sequence),
    };

    private static TensorElementKind Innermost(NodeMetadata metadata)
    {
        for (var depth = 0; depth < 8; depth++)
        {
            switch (metadata.OnnxValueType)
            {
                case OnnxValueType.ONNX_TYPE_TENSOR:
                    return (TensorElementKind)(int)metadata.ElementDataType;
                case OnnxValueType.ONNX_TYPE_SEQUENCE:
                    metadata = metadata.AsSequenceMetadata().ElementMeta;
                    break;
                case OnnxValueType.ONNX_TYPE_MAP:
                    metadata = metadata.AsMapMetadata().ValueMetadata;
                    break;
                default:
                    return TensorElementKind.Float;
            }
        }

        return TensorElementKind.Float;
    }
}
