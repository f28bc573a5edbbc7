using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using Microsoft.ML;
using Mlops.Core.Training.Trainers;

namespace Mlops.Training.Bench;

/// <summary>
/// One model trained on the same 35,000 churn rows (the train part of 50,000) with the same ML.NET trainer and options.
/// Baseline: the bare ML.NET trainer's <c>Fit</c> on the already encoded feature vectors, loaded as ML.NET loads
/// in-memory rows (<c>LoadFromEnumerable</c>): no data preparation at all (also shown on a cached view). The platform: <c>ModelTrainer.Train</c> from raw columns (checks, the feature encoding fitted
/// and applied in C#, the data view, the same fit). For reference: the usual ML.NET pipeline from raw columns
/// (imputation, one-hot, concatenation, cache, the trainer). The platform's ratio to the baseline is its overhead;
/// its data preparation alone is measured too, since on a loaded machine the fits' spread exceeds the difference.
/// Each iteration is one fit (RunStrategy.Monitoring).
/// </summary>
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 2, iterationCount: 30)]
[MemoryDiagnoser]
public class TrainingOverheadBenchmarks
{
    private const int Seed = 1;
    private TrainingData _train = null!;
    private IReadOnlyDictionary<string, double> _parameters = null!;
    private IDataView _encoded = null!;
    private IDataView _cached = null!;

    [Params(TrainerKind.LightGbm, TrainerKind.Linear)]
    public TrainerKind Trainer { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var all = ChurnBenchData.BinaryAsync(50_000, seed: 7).GetAwaiter().GetResult();
        _train = ChurnBenchData.Split(all, Seed).Train;
        _parameters = TrainerParameters.Resolve(Trainer, null);

        // The exact vectors the platform trains on, materialized once so the baseline measures the fit alone.
        var preprocessor = FeaturePreprocessor.Fit(_train, standardize: Trainer == TrainerKind.Linear);
        var ml = new MLContext(Seed);
        _encoded = FeatureRows.Create(ml, _train, preprocessor.Transform(_train), preprocessor.Width, 2);
        _cached = ml.Data.Cache(_encoded);
        _ = _cached.Preview(1);
    }

    [Benchmark(Baseline = true, Description = "ML.NET trainer on encoded rows")]
    public ITransformer BareTrainer() => MlNetDirect.Trainer(new MLContext(Seed), Trainer, _parameters, Seed).Fit(_encoded);

    [Benchmark(Description = "ML.NET trainer on encoded rows, cached view")]
    public ITransformer BareTrainerCached() => MlNetDirect.Trainer(new MLContext(Seed), Trainer, _parameters, Seed).Fit(_cached);

    [Benchmark(Description = "platform: ModelTrainer.Train")]
    public object Platform() => ModelTrainer.Train(_train, Trainer, _parameters, Seed);

    /// <summary>What the platform adds before the fit, alone: fit and apply the encoding, build the materialized view.</summary>
    [Benchmark(Description = "platform: data preparation only")]
    public int PlatformPreparation()
    {
        var preprocessor = FeaturePreprocessor.Fit(_train, standardize: Trainer == TrainerKind.Linear);
        var view = FeatureRows.Create(new MLContext(Seed), _train, preprocessor.Transform(_train), preprocessor.Width, 2);
        return view.Schema.Count;
    }

    [Benchmark(Description = "ML.NET pipeline from raw columns")]
    public ITransformer MlNetPipeline()
    {
        var ml = new MLContext(Seed);
        return MlNetDirect.FitPipeline(ml, MlNetDirect.Load(ml, _train), Trainer, _parameters, Seed);
    }
}
