using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers;
using Microsoft.ML.Trainers.LightGbm;
using Mlops.Core.Training.Trainers;

namespace Mlops.Training.Bench;

/// <summary>
/// What a developer writes with ML.NET alone for the same data and trainer: raw columns in an <see cref="IDataView"/>,
/// mean imputation, one-hot encoding and concatenation as ML.NET transforms, then the trainer with the same options
/// the platform passes (one thread, the same seed and hyperparameters).
/// </summary>
internal static class MlNetDirect
{
    public static IDataView Load(MLContext ml, TrainingData data)
    {
        var numeric = data.Features.Select((f, i) => (f, i)).Where(p => p.f.Kind != FeatureKind.Categorical).Select(p => p.i).ToArray();
        var categorical = data.Features.Select((f, i) => (f, i)).Where(p => p.f.Kind == FeatureKind.Categorical).Select(p => p.i).ToArray();
        var rows = Enumerable.Range(0, data.RowCount).Select(r => new RawRow
        {
            Numbers = [.. numeric.Select(f => data.Numeric(f)[r])],
            Texts = [.. categorical.Select(f => data.Categorical(f)[r] ?? string.Empty)],
            Label = data.Classes![r] == 1,
        });
        var schema = SchemaDefinition.Create(typeof(RawRow));
        schema[nameof(RawRow.Numbers)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, numeric.Length);
        schema[nameof(RawRow.Texts)].ColumnType = new VectorDataViewType(TextDataViewType.Instance, categorical.Length);
        return ml.Data.LoadFromEnumerable(rows, schema);
    }

    /// <summary>The whole ML.NET pipeline from raw columns, cached before the trainer as ML.NET advises for multi-pass trainers.</summary>
    public static ITransformer FitPipeline(MLContext ml, IDataView raw, TrainerKind trainer, IReadOnlyDictionary<string, double> parameters, int seed)
    {
        IEstimator<ITransformer> encoded = ml.Transforms.ReplaceMissingValues(nameof(RawRow.Numbers), replacementMode: Microsoft.ML.Transforms.MissingValueReplacingEstimator.ReplacementMode.Mean)
            .Append(ml.Transforms.Categorical.OneHotEncoding(nameof(RawRow.Texts)));
        if (trainer == TrainerKind.Linear)
        {
            encoded = encoded.Append(ml.Transforms.NormalizeMeanVariance(nameof(RawRow.Numbers)));
        }

        return encoded
            .Append(ml.Transforms.Concatenate("Features", nameof(RawRow.Numbers), nameof(RawRow.Texts)))
            .AppendCacheCheckpoint(ml)
            .Append(Trainer(ml, trainer, parameters, seed))
            .Fit(raw);
    }

    /// <summary>The bare ML.NET trainer, with the options the platform passes, on a view that has <c>Features</c> and <c>Label</c>.</summary>
    public static IEstimator<ITransformer> Trainer(MLContext ml, TrainerKind trainer, IReadOnlyDictionary<string, double> parameters, int seed) => trainer switch
    {
        TrainerKind.LightGbm => ml.BinaryClassification.Trainers.LightGbm(new LightGbmBinaryTrainer.Options
        {
            NumberOfIterations = (int)parameters[TrainerParameters.NumberOfIterations],
            NumberOfLeaves = (int)parameters[TrainerParameters.NumberOfLeaves],
            LearningRate = parameters[TrainerParameters.LearningRate],
            MinimumExampleCountPerLeaf = (int)parameters[TrainerParameters.MinimumExampleCountPerLeaf],
            Booster = new GradientBooster.Options
            {
                L2Regularization = parameters[TrainerParameters.L2Regularization],
                FeatureFraction = parameters[TrainerParameters.FeatureFraction],
            },
            NumberOfThreads = 1,
            Seed = seed,
            UseCategoricalSplit = false,
            Silent = true,
        }),
        TrainerKind.Linear => ml.BinaryClassification.Trainers.LbfgsLogisticRegression(new LbfgsLogisticRegressionBinaryTrainer.Options { NumberOfThreads = 1 }),
        _ => throw new ArgumentOutOfRangeException(nameof(trainer), trainer, "Only LightGBM and linear are benchmarked."),
    };

    internal sealed class RawRow
    {
        public float[] Numbers { get; set; } = [];

        public string[] Texts { get; set; } = [];

        public bool Label { get; set; }
    }
}
