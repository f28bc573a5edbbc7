using System.Runtime.InteropServices;
using Microsoft.ML.OnnxRuntime;
using Mlops.Core.Diagnostics;

namespace Mlops.Core.Onnx;

/// <summary>
/// Proves uploaded bytes are a model ONNX Runtime can load and reads its signature from ORT's own metadata (so the
/// signature is what serving will see). Runs the structural checks of <see cref="OnnxModelValidator"/> first for
/// clearer messages; every failure is a 422 on <c>model</c>, never a 500.
/// </summary>
internal sealed class OnnxModelInspector : IOnnxModelInspector
{
    private const string Field = OnnxModelValidator.Field;

    public ModelSignature Inspect(ReadOnlyMemory<byte> onnx)
    {
        var model = OnnxModelValidator.Parse(onnx);
        OnnxModelValidator.Validate(model);

        var initializers = new HashSet<string>(model.Graph.Initializer.Select(i => i.Name), StringComparer.Ordinal);
        initializers.UnionWith(model.Graph.SparseInitializer.Select(i => i.Values?.Name ?? string.Empty));

        using var session = Load(onnx);
        try
        {
            // InputNames/OutputNames keep graph order; initializers are excluded by ORT for IR >= 4 but older
            // exporters list them as inputs too, so they are filtered here as well.
            var inputs = session.InputNames.Where(n => !initializers.Contains(n))
                .Select(n => Describe(n, session.InputMetadata[n], "input")).ToList();
            var outputs = session.OutputNames.Select(n => Describe(n, session.OutputMetadata[n], "output")).ToList();
            if (inputs.Count == 0)
            {
                throw MlopsException.Unprocessable("The model has no inputs other than initializers; a model needs at least one input to predict from.", Field);
            }

            return new ModelSignature(inputs, outputs);
        }
        catch (OnnxRuntimeException ex)
        {
            throw MlopsException.Unprocessable($"ONNX Runtime cannot read the model's inputs and outputs: {ex.Message.Trim()}", Field, ex);
        }
    }

    private static InferenceSession Load(ReadOnlyMemory<byte> onnx)
    {
        var bytes = MemoryMarshal.TryGetArray(onnx, out var segment) && segment.Offset == 0 && segment.Count == segment.Array!.Length
            ? segment.Array
            : onnx.ToArray();

        // One thread, no spinning, no optimisation passes: this session only proves the model loads (kernels are
        // created and their attributes checked at load) and is disposed straight away.
        using var options = new SessionOptions
        {
            IntraOpNumThreads = 1,
            InterOpNumThreads = 1,
            ExecutionMode = ExecutionMode.ORT_SEQUENTIAL,
            GraphOptimizationLevel = GraphOptimizationLevel.ORT_DISABLE_ALL,
            LogSeverityLevel = OrtLoggingLevel.ORT_LOGGING_LEVEL_FATAL,
        };
        options.AddSessionConfigEntry("session.intra_op.allow_spinning", "0");

        try
        {
            return new InferenceSession(bytes, options);
        }
        catch (Exception ex) when (ex is OnnxRuntimeException or ArgumentException or InvalidOperationException)
        {
            throw MlopsException.Unprocessable($"ONNX Runtime cannot load the model: {ex.Message.Trim()}", Field, ex);
        }
    }

    private static TensorSpec Describe(string name, NodeMetadata metadata, string role)
    {
        switch (metadata.OnnxValueType)
        {
            case OnnxValueType.ONNX_TYPE_TENSOR:
                return new TensorSpec(name, ElementKind(name, metadata, role), metadata.Dimensions.Select(d => d < 0 ? -1L : d).ToArray());
            case OnnxValueType.ONNX_TYPE_SEQUENCE:
                // A sequence's length is its one dynamic dimension; the element type is the innermost value's.
                return new TensorSpec(name, InnermostKind(name, metadata.AsSequenceMetadata().ElementMeta, role), [-1], ValueKind.Sequence);
            case OnnxValueType.ONNX_TYPE_MAP:
                return new TensorSpec(name, InnermostKind(name, metadata.AsMapMetadata().ValueMetadata, role), [-1], ValueKind.Map);
            case OnnxValueType.ONNX_TYPE_OPTIONAL:
                return Describe(name, metadata.AsOptionalMetadata().ElementMeta, role);
            default:
                throw MlopsException.Unprocessable(
                    $"The model's {role} '{name}' is of kind {metadata.OnnxValueType}; only tensors, sequences and maps can be served.", Field);
        }
    }

    private static TensorElementKind InnermostKind(string name, NodeMetadata metadata, string role) =>
        metadata.OnnxValueType switch
        {
            OnnxValueType.ONNX_TYPE_TENSOR => ElementKind(name, metadata, role),
            OnnxValueType.ONNX_TYPE_SEQUENCE => InnermostKind(name, metadata.AsSequenceMetadata().ElementMeta, role),
            OnnxValueType.ONNX_TYPE_MAP => InnermostKind(name, metadata.AsMapMetadata().ValueMetadata, role),
            OnnxValueType.ONNX_TYPE_OPTIONAL => InnermostKind(name, metadata.AsOptionalMetadata().ElementMeta, role),
            _ => throw MlopsException.Unprocessable(
                $"The model's {role} '{name}' holds values of kind {metadata.OnnxValueType}; only tensors, sequences and maps can be served.", Field),
        };

    private static TensorElementKind ElementKind(string name, NodeMetadata metadata, string role)
    {
        // ORT's TensorElementType uses the ONNX DataType numbers, as does TensorElementKind.
        var kind = (TensorElementKind)(int)metadata.ElementDataType;
        return Enum.IsDefined(kind)
            ? kind
            : throw MlopsException.Unprocessable(
                $"The model's {role} '{name}' has element type {metadata.ElementDataType}, which the platform does not serve.", Field);
    }
}
