using BenchmarkDotNet.Attributes;

namespace Mlops.Benchmarks;

/// <summary>
/// Single-row scoring of the 100-tree model: a bare ONNX Runtime run on a prebuilt tensor (the baseline) against the
/// predict route's whole in-process path (JSON body → tensors → ONNX Runtime → JSON response), minus HTTP.
/// </summary>
[MemoryDiagnoser]
public class PredictBenchmarks
{
    private BareOnnxRuntime? _bare;

    [GlobalSetup]
    public void Setup()
    {
        var onnx = BenchModel.Onnx();
        _bare = new BareOnnxRuntime(onnx);
        Check("bare Run", _bare.Run());
    }

    [GlobalCleanup]
    public void Cleanup() => _bare?.Dispose();

    /// <summary><c>InferenceSession.Run</c> with <c>OrtValue</c>s, nothing else.</summary>
    [Benchmark(Baseline = true)]
    public float BareRun() => _bare!.Run();

    private static void Check(string what, float score)
    {
        var expected = BenchModel.ExpectedScore();
        if (Math.Abs(score - expected) > 1e-4f)
        {
            throw new InvalidOperationException($"{what} scored {score}, expected {expected}: the benchmark would measure a wrong answer.");
        }
    }
}
