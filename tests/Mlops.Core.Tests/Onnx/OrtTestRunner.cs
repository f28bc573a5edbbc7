using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace Mlops.Core.Tests.Onnx;

/// <summary>Runs a model in ONNX Runtime for assertions (tests only: NamedOnnxValue is simple, not fast).</summary>
public sealed class OrtTestRunner : IDisposable
{
    private readonly InferenceSession _session;

    public OrtTestRunner(byte[] model)
    {
        using var options = new SessionOptions { IntraOpNumThreads = 1, InterOpNumThreads = 1 };
        _session = new InferenceSession(model, options);
    }

    public static NamedOnnxValue Floats(string name, float[] values, params int[] dims) =>
        NamedOnnxValue.CreateFromTensor(name, new DenseTensor<float>(values, dims));

    public static NamedOnnxValue Strings(string name, string[] values, params int[] dims) =>
        NamedOnnxValue.CreateFromTensor(name, new DenseTensor<string>(values, dims));

    public IReadOnlyDictionary<string, Tensor<float>> RunFloats(params NamedOnnxValue[] inputs)
    {
        using var results = _session.Run(inputs);
        return results.Where(r => r.ElementType == TensorElementType.Float)
            .ToDictionary(r => r.Name, r => (Tensor<float>)r.AsTensor<float>().Clone());
    }

    public (long[] Labels, Tensor<float> Probabilities) RunClassifier(params NamedOnnxValue[] inputs)
    {
        using var results = _session.Run(inputs);
        var labels = results.Single(r => r.Name == "label").AsTensor<long>().ToArray();
        var probabilities = results.Single(r => r.Name == "probabilities").AsTensor<float>().Clone();
        return (labels, probabilities);
    }

    public IReadOnlyList<IReadOnlyDictionary<long, float>> RunZipMap(params NamedOnnxValue[] inputs)
    {
        using var results = _session.Run(inputs);
        var sequence = results.Single(r => r.Name == "probabilities").AsEnumerable<NamedOnnxValue>();
        return sequence.Select(m => (IReadOnlyDictionary<long, float>)m.AsDictionary<long, float>().ToDictionary()).ToList();
    }

    public void Dispose() => _session.Dispose();
}
