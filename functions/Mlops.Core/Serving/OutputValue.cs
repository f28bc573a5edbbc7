using System.Text.Json;
using Microsoft.ML.OnnxRuntime;
using Mlops.Core.Diagnostics;
using Mlops.Core.Onnx;

namespace Mlops.Core.Serving;

/// <summary>One model output of a run, copied out of ONNX Runtime's memory so it can be written row by row.</summary>
internal abstract class OutputValue : IDisposable
{
    protected OutputValue(ModelTensor spec)
    {
        Spec = spec;
    }

    public ModelTensor Spec { get; }

    /// <summary>Writes this output's value for one batch row: a scalar for [batch] and [batch, 1], else nested arrays.</summary>
    public abstract void WriteRow(Utf8JsonWriter writer, int row, int rows);

    public abstract void Dispose();

    public static OutputValue Copy(OrtValue value, ModelTensor spec)
    {
        switch (value.OnnxType)
        {
            case OnnxValueType.ONNX_TYPE_TENSOR:
                return TensorOutput.Create(value, spec);
            case OnnxValueType.ONNX_TYPE_SEQUENCE:
            case OnnxValueType.ONNX_TYPE_MAP:
                return MapOutput.Create(value, spec);
            default:
                throw MlopsException.Unprocessable(
                    $"Model output '{spec.Name}' is of ONNX type {value.OnnxType}, which serving cannot return.", "model");
        }
    }

    protected static TensorElementKind CheckedKind(OrtTensorTypeAndShapeInfo info, ModelTensor spec)
    {
        var kind = (TensorElementKind)(int)info.ElementDataType;
        if (!TensorBuffer.IsSupported(kind))
        {
            throw MlopsException.Unprocessable(
                $"Model output '{spec.Name}' has element type {info.ElementDataType}, which serving cannot return.", "model");
        }

        return kind;
    }
}
