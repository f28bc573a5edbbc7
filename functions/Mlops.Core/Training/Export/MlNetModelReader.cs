using System.Reflection;
using Microsoft.ML.Calibrators;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers;
using Microsoft.ML.Trainers.FastTree;
using Mlops.Core.Onnx;
using Mlops.Core.Training.Trainers;

namespace Mlops.Core.Training.Export;

/// <summary>
/// Reads the ML.NET model parameters the platform's trainers produce into an <see cref="ExportedPredictor"/>:
/// calibrated binary models (trees or linear, Platt calibrator), one-versus-all multiclass (LightGBM softmax,
/// FastTree probability-normalized), maximum entropy, and tree or linear regressors.
/// </summary>
internal static class MlNetModelReader
{
    public static ExportedPredictor Read(TrainingTask task, object model, int featureCount, int classCount)
    {
        ArgumentNullException.ThrowIfNull(model);
        return (task, model) switch
        {
            (TrainingTask.BinaryClassification, CalibratedModelParametersBase calibrated) => ReadBinary(calibrated, featureCount),
            (TrainingTask.MulticlassClassification, OneVersusAllModelParameters ova) => ReadOneVersusAll(ova, featureCount, classCount),
            (TrainingTask.MulticlassClassification, MaximumEntropyModelParameters maxEnt) => ReadMaximumEntropy(maxEnt, featureCount, classCount),
            (TrainingTask.Regression, _) => new ExportedPredictor(Scores(model, featureCount), OutputTransform.None, [], []),
            _ => throw Unsupported(model),
        };
    }

    private static ExportedPredictor ReadBinary(CalibratedModelParametersBase calibrated, int featureCount)
    {
        var (slope, offset) = Platt(calibrated.Calibrator);
        return new ExportedPredictor(Scores(calibrated.SubModel, featureCount), OutputTransform.BinaryPlatt, [slope], [offset]);
    }

    private static ExportedPredictor ReadOneVersusAll(OneVersusAllModelParameters ova, int featureCount, int classCount)
    {
        // ML.NET 5.0.1 keeps the per-class predictors and the output formula private (_impl.Predictors, and the
        // implementation's type: ImplSoftmax, ImplDist or ImplRaw). The package version is pinned; a change fails
        // the parity tests here rather than exporting a wrong model.
        var impl = typeof(OneVersusAllModelParameters).GetField("_impl", BindingFlags.NonPublic | BindingFlags.Instance)?.GetValue(ova)
            ?? throw new NotSupportedException("This ML.NET version hides its one-versus-all predictors differently; the exporter needs updating.");
        var predictors = impl.GetType().GetProperty("Predictors", BindingFlags.Public | BindingFlags.Instance)?.GetValue(impl) as Array
            ?? throw new NotSupportedException("This ML.NET version hides its one-versus-all predictors differently; the exporter needs updating.");
        if (predictors.Length != classCount)
        {
            throw new InvalidOperationException($"The one-versus-all model has {predictors.Length} predictors for {classCount} classes.");
        }

        var calibrated = predictors.Cast<object>().Select(p => p as CalibratedModelParametersBase ?? throw Unsupported(p)).ToList();
        var trees = new List<OnnxTree>();
        var bases = new float[classCount];
        for (var c = 0; c < classCount; c++)
        {
            var ensemble = TreeEnsemble(calibrated[c].SubModel);
            bases[c] = (float)ensemble.Bias;
            trees.AddRange(Trees(ensemble, c));
        }

        var scores = ScoreFunction.TreeEnsemble(Ensemble(featureCount, bases, trees));
        switch (impl.GetType().Name)
        {
            case "ImplSoftmax":
                // Softmax over the sub-models' raw scores; their calibrators are not used.
                return new ExportedPredictor(scores, OutputTransform.Softmax, [], []);

            case "ImplDist":
                var platt = calibrated.Select(c => Platt(c.Calibrator)).ToList();
                return new ExportedPredictor(scores, OutputTransform.NormalizedPlatt, [.. platt.Select(p => p.Slope)], [.. platt.Select(p => p.Offset)]);

            default:
                throw new NotSupportedException($"One-versus-all output '{impl.GetType().Name}' is not exported; train with probabilities.");
        }
    }

    private static ExportedPredictor ReadMaximumEntropy(MaximumEntropyModelParameters model, int featureCount, int classCount)
    {
        VBuffer<float>[] weights = [];
        model.GetWeights(ref weights, out var classes);
        if (classes != classCount)
        {
            throw new InvalidOperationException($"The maximum entropy model has {classes} classes, expected {classCount}.");
        }

        var biases = model.GetBiases().ToArray();
        var matrix = new float[featureCount * classCount];
        for (var c = 0; c < classCount; c++)
        {
            var dense = weights[c].DenseValues().ToArray();
            for (var f = 0; f < featureCount; f++)
            {
                matrix[(f * classCount) + c] = dense[f];
            }
        }

        return new ExportedPredictor(ScoreFunction.Linear(featureCount, matrix, biases), OutputTransform.Softmax, [], []);
    }

    private static ScoreFunction Scores(object model, int featureCount)
    {
        switch (model)
        {
            case TreeEnsembleModelParametersBasedOnRegressionTree trees:
                var ensemble = trees.TrainedTreeEnsemble;
                return ScoreFunction.TreeEnsemble(Ensemble(featureCount, [(float)ensemble.Bias], Trees(ensemble, 0)));

            case LinearModelParameters linear:
                var weights = linear.Weights.ToArray();
                if (weights.Length != featureCount)
                {
                    throw new InvalidOperationException($"The linear model has {weights.Length} weights for {featureCount} features.");
                }

                return ScoreFunction.Linear(featureCount, weights, [linear.Bias]);

            default:
                throw Unsupported(model);
        }
    }

    /// <summary>
    /// The ensemble, with a zero single-leaf tree for each target that has none: trainers can end with no trees at all
    /// (nothing to split on), and the scores are then the base values alone.
    /// </summary>
    private static OnnxTreeEnsemble Ensemble(int featureCount, float[] baseValues, List<OnnxTree> trees)
    {
        for (var target = 0; target < baseValues.Length; target++)
        {
            if (!trees.Any(t => t.Target == target))
            {
                trees.Add(new OnnxTree(target, [], [], [], [], [], [0f]));
            }
        }

        return new OnnxTreeEnsemble(featureCount, baseValues, trees);
    }

    private static RegressionTreeEnsemble TreeEnsemble(object model) =>
        model is TreeEnsembleModelParametersBasedOnRegressionTree trees ? trees.TrainedTreeEnsemble : throw Unsupported(model);

    /// <summary>
    /// ML.NET trees as ONNX trees: a row goes left (true) when <c>x &lt;= threshold</c>, a NaN goes right (NaN compares
    /// false, and these trainers set no per-node default); tree weights are folded into the leaf values.
    /// </summary>
    private static List<OnnxTree> Trees(RegressionTreeEnsemble ensemble, int target)
    {
        var trees = new List<OnnxTree>(ensemble.Trees.Count);
        for (var t = 0; t < ensemble.Trees.Count; t++)
        {
            var tree = ensemble.Trees[t];
            if (tree.CategoricalSplitFlags.Any(f => f))
            {
                throw new NotSupportedException("The model has categorical splits, which the exporter does not write; categoricals are one-hot encoded before training.");
            }

            var weight = ensemble.TreeWeights[t];
            var branches = tree.NumberOfNodes;
            trees.Add(new OnnxTree(
                target,
                [.. tree.NumericalSplitFeatureIndexes.Take(branches)],
                [.. tree.NumericalSplitThresholds.Take(branches)],
                [.. tree.LeftChild.Take(branches)],
                [.. tree.RightChild.Take(branches)],
                new bool[branches],
                [.. tree.LeafValues.Take(branches + 1).Select(v => (float)(weight * v))]));
        }

        return trees;
    }

    private static (float Slope, float Offset) Platt(object calibrator) =>
        calibrator is PlattCalibrator platt ? ((float)platt.Slope, (float)platt.Offset) : throw Unsupported(calibrator);

    private static NotSupportedException Unsupported(object model) =>
        new($"The exporter does not write ML.NET {model.GetType().Name} models.");
}
