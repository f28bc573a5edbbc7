using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using Microsoft.ML.OnnxRuntime;
using Mlops.Core.Training.Trainers;

namespace Mlops.Training.Bench;

/// <summary>
/// Batch scoring of 100,000 churn rows (raw columns, missing values included) with one LightGBM model (100 trees, 31
/// leaves): ML.NET's own transform of the trained model (the platform's feature encoding, then the prediction
/// transformer, read out through a cursor) against the exported ONNX model in ONNX Runtime (one [N,1] tensor per
/// column, labels and probabilities read out), on one thread and on ONNX Runtime's default thread count.
/// </summary>
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 2, iterationCount: 10)]
[MemoryDiagnoser]
public class ScoringBenchmarks
{
    private const int Rows = 100_000;
    private TrainedModel _model = null!;
    private TrainingData _rows = null!;
    private InferenceSession _oneThread = null!;
    private InferenceSession _defaultThreads = null!;

    [GlobalSetup]
    public void Setup()
    {
        var train = ChurnBenchData.Split(ChurnBenchData.BinaryAsync(20_000, seed: 7).GetAwaiter().GetResult(), 1).Train;
        _model = ModelTrainer.Train(train, TrainerKind.LightGbm, null, seed: 1);
        _rows = ChurnBenchData.BinaryAsync(Rows, seed: 8).GetAwaiter().GetResult();
        var onnx = _model.ToOnnx();
        using var single = new SessionOptions { IntraOpNumThreads = 1, InterOpNumThreads = 1 };
        single.AddSessionConfigEntry("session.intra_op.allow_spinning", "0");
        _oneThread = new InferenceSession(onnx, single);
        _defaultThreads = new InferenceSession(onnx);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _oneThread.Dispose();
        _defaultThreads.Dispose();
    }

    [Benchmark(Baseline = true, Description = "ML.NET transform")]
    public int MlNet() => _model.Predict(_rows).RowCount;

    [Benchmark(Description = "ONNX Runtime, 1 thread")]
    public int OnnxRuntimeOneThread() => OnnxScoring.Score(_oneThread, _rows).Labels.Length;

    [Benchmark(Description = "ONNX Runtime, default threads")]
    public int OnnxRuntimeDefault() => OnnxScoring.Score(_defaultThreads, _rows).Labels.Length;
}
