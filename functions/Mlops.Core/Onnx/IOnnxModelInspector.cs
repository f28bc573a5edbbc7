namespace Mlops.Core.Onnx;

/// <summary>Checks that bytes are a model ONNX Runtime can load and reads its signature.</summary>
public interface IOnnxModelInspector
{
    /// <summary>
    /// Returns the model's signature, or throws a 422 <see cref="Diagnostics.MlopsException"/> (field <c>model</c>)
    /// saying why the bytes are not a loadable ONNX model.
    /// </summary>
    ModelSignature Inspect(ReadOnlyMemory<byte> onnx);
}
