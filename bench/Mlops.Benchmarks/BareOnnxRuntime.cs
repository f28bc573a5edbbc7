using Microsoft.ML.OnnxRuntime;

namespace Mlops.Benchmarks;

/// <summary>
/// The baseline: one <see cref="InferenceSession"/> on the benchmark model with the session options serving uses
/// (one intra-op thread, sequential, no spinning, all graph optimizations), fed a prebuilt <see cref="OrtValue"/>.
/// </summary>
internal sealed class BareOnnxRuntime : IDisposable
{
    private readonly InferenceSession _session;
    private readonly RunOptions _runOptions = new();
    private readonly float[] _row;
    private readonly OrtValue[] _inputs;
    private readonly string[] _inputNames = [BenchModel.Input];
    private readonly string[] _outputNames = [BenchModel.Output];

    public BareOnnxRuntime(byte[] onnx)
    {
        using (var options = new SessionOptions
        {
            IntraOpNumThreads = 1,
            InterOpNumThreads = 1,
            ExecutionMode = ExecutionMode.ORT_SEQUENTIAL,
            GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
        })
        {
            options.AddSessionConfigEntry("session.intra_op.allow_spinning", "0");
            options.AddSessionConfigEntry("session.inter_op.allow_spinning", "0");
            _session = new InferenceSession(onnx, options);
        }

        _row = [.. BenchModel.Row];
        _inputs = [OrtValue.CreateTensorValueFromMemory(_row, [1, BenchModel.Features])];
    }

    /// <summary>Runs the model once on the prebuilt input and reads the score.</summary>
    public float Run()
    {
        using var results = _session.Run(_runOptions, _inputNames, _inputs, _outputNames);
        return results[0].GetTensorDataAsSpan<float>()[0];
    }

    public void Dispose()
    {
        foreach (var input in _inputs)
        {
            input.Dispose();
        }

        _runOptions.Dispose();
        _session.Dispose();
    }
}
