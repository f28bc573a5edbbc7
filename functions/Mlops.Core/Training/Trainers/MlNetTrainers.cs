using Microsoft.ML;
using Microsoft.ML.Trainers;
using Microsoft.ML.Trainers.FastTree;
using Microsoft.ML.Trainers.LightGbm;

namespace Mlops.Core.Training.Trainers;

/// <summary>
/// Builds and fits the ML.NET trainer for a task and <see cref="TrainerKind"/> on <see cref="FeatureRows"/>. Every
/// trainer runs on one thread with an explicit seed: the same data and seed give the same model, and a sweep
/// parallelizes across candidates instead.
/// </summary>
internal static class MlNetTrainers
{
    public static ITransformer Fit(MLContext ml, TrainingTask task, TrainerKind trainer, IReadOnlyDictionary<string, double> parameters, int seed, IDataView rows)
    {
        const string features = FeatureRows.FeaturesColumn;
        const string label = FeatureRows.LabelColumn;
        int? Int(string name) => parameters.TryGetValue(name, out var v) ? (int)v : null;
        double? Double(string name) => parameters.TryGetValue(name, out var v) ? v : null;
        float? Float(string name) => parameters.TryGetValue(name, out var v) ? (float)v : null;

        GradientBooster.Options Booster() => new()
        {
            L2Regularization = Double(TrainerParameters.L2Regularization) ?? 0.01,
            FeatureFraction = Double(TrainerParameters.FeatureFraction) ?? 1,
        };

        switch (task, trainer)
        {
            case (TrainingTask.BinaryClassification, TrainerKind.LightGbm):
                return ml.BinaryClassification.Trainers.LightGbm(new LightGbmBinaryTrainer.Options
                {
                    LabelColumnName = label,
                    FeatureColumnName = features,
                    NumberOfIterations = Int(TrainerParameters.NumberOfIterations) ?? 100,
                    NumberOfLeaves = Int(TrainerParameters.NumberOfLeaves),
                    LearningRate = Double(TrainerParameters.LearningRate),
                    MinimumExampleCountPerLeaf = Int(TrainerParameters.MinimumExampleCountPerLeaf),
                    Booster = Booster(),
                    NumberOfThreads = 1,
                    Seed = seed,
                    UseCategoricalSplit = false,
                    Silent = true,
                }).Fit(rows);

            case (TrainingTask.MulticlassClassification, TrainerKind.LightGbm):
                return ml.MulticlassClassification.Trainers.LightGbm(new LightGbmMulticlassTrainer.Options
                {
                    LabelColumnName = label,
                    FeatureColumnName = features,
                    NumberOfIterations = Int(TrainerParameters.NumberOfIterations) ?? 100,
                    NumberOfLeaves = Int(TrainerParameters.NumberOfLeaves),
                    LearningRate = Double(TrainerParameters.LearningRate),
                    MinimumExampleCountPerLeaf = Int(TrainerParameters.MinimumExampleCountPerLeaf),
                    Booster = Booster(),
                    NumberOfThreads = 1,
                    Seed = seed,
                    UseCategoricalSplit = false,
                    Silent = true,

                    // Softmax always: ML.NET would otherwise switch to one-versus-all below 50,000 rows.
                    UseSoftmax = true,
                }).Fit(rows);

            case (TrainingTask.Regression, TrainerKind.LightGbm):
                return ml.Regression.Trainers.LightGbm(new LightGbmRegressionTrainer.Options
                {
                    LabelColumnName = label,
                    FeatureColumnName = features,
                    NumberOfIterations = Int(TrainerParameters.NumberOfIterations) ?? 100,
                    NumberOfLeaves = Int(TrainerParameters.NumberOfLeaves),
                    LearningRate = Double(TrainerParameters.LearningRate),
                    MinimumExampleCountPerLeaf = Int(TrainerParameters.MinimumExampleCountPerLeaf),
                    Booster = Booster(),
                    NumberOfThreads = 1,
                    Seed = seed,
                    UseCategoricalSplit = false,
                    Silent = true,
                }).Fit(rows);

            case (TrainingTask.BinaryClassification, TrainerKind.FastTree):
                return ml.BinaryClassification.Trainers.FastTree(FastTreeOptions(new FastTreeBinaryTrainer.Options(), parameters, seed)).Fit(rows);

            case (TrainingTask.MulticlassClassification, TrainerKind.FastTree):
                // ML.NET has no multiclass FastTree: one calibrated binary model per class, probabilities normalized.
                return ml.MulticlassClassification.Trainers.OneVersusAll(
                    ml.BinaryClassification.Trainers.FastTree(FastTreeOptions(new FastTreeBinaryTrainer.Options(), parameters, seed)),
                    labelColumnName: label,
                    useProbabilities: true).Fit(rows);

            case (TrainingTask.Regression, TrainerKind.FastTree):
                return ml.Regression.Trainers.FastTree(FastTreeOptions(new FastTreeRegressionTrainer.Options(), parameters, seed)).Fit(rows);

            case (TrainingTask.BinaryClassification, TrainerKind.Linear):
            {
                var options = new LbfgsLogisticRegressionBinaryTrainer.Options { LabelColumnName = label, FeatureColumnName = features, NumberOfThreads = 1 };
                options.L1Regularization = Float(TrainerParameters.L1Regularization) ?? options.L1Regularization;
                options.L2Regularization = Float(TrainerParameters.L2Regularization) ?? options.L2Regularization;
                options.MaximumNumberOfIterations = Int(TrainerParameters.MaximumNumberOfIterations) ?? options.MaximumNumberOfIterations;
                return ml.BinaryClassification.Trainers.LbfgsLogisticRegression(options).Fit(rows);
            }

            case (TrainingTask.MulticlassClassification, TrainerKind.Linear):
            {
                var options = new LbfgsMaximumEntropyMulticlassTrainer.Options { LabelColumnName = label, FeatureColumnName = features, NumberOfThreads = 1 };
                options.L1Regularization = Float(TrainerParameters.L1Regularization) ?? options.L1Regularization;
                options.L2Regularization = Float(TrainerParameters.L2Regularization) ?? options.L2Regularization;
                options.MaximumNumberOfIterations = Int(TrainerParameters.MaximumNumberOfIterations) ?? options.MaximumNumberOfIterations;
                return ml.MulticlassClassification.Trainers.LbfgsMaximumEntropy(options).Fit(rows);
            }

            case (TrainingTask.Regression, TrainerKind.Linear):
                return ml.Regression.Trainers.Sdca(new SdcaRegressionTrainer.Options
                {
                    LabelColumnName = label,
                    FeatureColumnName = features,
                    L1Regularization = Float(TrainerParameters.L1Regularization),

                    // ML.NET's auto-tuned L2 can be so small that SDCA diverges (non-finite weights) on a few hundred
                    // rows; 0.01 is stable on standardized features and barely biases the fit.
                    L2Regularization = Float(TrainerParameters.L2Regularization) ?? 0.01f,
                    MaximumNumberOfIterations = Int(TrainerParameters.MaximumNumberOfIterations),
                    NumberOfThreads = 1,
                }).Fit(rows);

            default:
                throw new ArgumentOutOfRangeException(nameof(trainer), $"No trainer for {task} with {trainer}.");
        }
    }

    private static T FastTreeOptions<T>(T options, IReadOnlyDictionary<string, double> parameters, int seed)
        where T : TreeOptions
    {
        options.LabelColumnName = FeatureRows.LabelColumn;
        options.FeatureColumnName = FeatureRows.FeaturesColumn;
        options.NumberOfThreads = 1;
        options.Seed = seed;
        options.NumberOfTrees = parameters.TryGetValue(TrainerParameters.NumberOfTrees, out var trees) ? (int)trees : options.NumberOfTrees;
        options.NumberOfLeaves = parameters.TryGetValue(TrainerParameters.NumberOfLeaves, out var leaves) ? (int)leaves : options.NumberOfLeaves;
        options.MinimumExampleCountPerLeaf = parameters.TryGetValue(TrainerParameters.MinimumExampleCountPerLeaf, out var min) ? (int)min : options.MinimumExampleCountPerLeaf;
        options.FeatureFraction = parameters.TryGetValue(TrainerParameters.FeatureFraction, out var fraction) ? fraction : options.FeatureFraction;
        if (options is BoostedTreeOptions boosted && parameters.TryGetValue(TrainerParameters.LearningRate, out var rate))
        {
            boosted.LearningRate = rate;
        }

        return options;
    }
}
