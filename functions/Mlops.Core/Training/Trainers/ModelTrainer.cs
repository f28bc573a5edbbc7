using Microsoft.ML;
using Mlops.Core.Diagnostics;
using Mlops.Core.Training.Export;

namespace Mlops.Core.Training.Trainers;

/// <summary>
/// Trains one model: checks the rows and parameters (every problem a validation error before any training),
/// fits the feature encoding, then the ML.NET trainer. ML.NET cannot be interrupted mid-fit through its public API,
/// so <c>cancellationToken</c> is honored before and after the fit.
/// </summary>
internal static class ModelTrainer
{
    public static TrainedModel Train(
        TrainingData train,
        TrainerKind trainer,
        IReadOnlyDictionary<string, double>? parameters = null,
        int seed = 0,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(train);
        var resolved = TrainerParameters.Resolve(trainer, parameters);
        CheckRows(train);
        cancellationToken.ThrowIfCancellationRequested();

        var preprocessor = FeaturePreprocessor.Fit(train, standardize: trainer == TrainerKind.Linear);
        var ml = new MLContext(seed);
        var rows = FeatureRows.Create(ml, train, preprocessor.Transform(train), preprocessor.Width, Math.Max(train.ClassNames.Count, 1));
        ITransformer transformer;
        try
        {
            transformer = MlNetTrainers.Fit(ml, train.Task, trainer, resolved, seed, rows);
        }
        catch (Exception ex) when (ex is InvalidOperationException or ArgumentException)
        {
            throw MlopsException.Unprocessable(
                $"Trainer '{TrainerNames.Format(trainer)}' could not train on these {train.RowCount} rows: {ex.Message}", "trainer", ex);
        }

        cancellationToken.ThrowIfCancellationRequested();
        return new TrainedModel(ml, train.Task, trainer, resolved, preprocessor, train.ClassNames, train.LabelColumn, transformer);
    }

    private static void CheckRows(TrainingData train)
    {
        var label = train.LabelColumn ?? "label";
        if (!train.IsLabeled)
        {
            throw MlopsException.Validation("Training needs labeled rows; name the label column.", "label");
        }

        if (train.RowCount == 0)
        {
            throw MlopsException.Validation("There are no training rows.", label);
        }

        foreach (var feature in train.Features)
        {
            if (OnnxModelExporter.OutputNames.Contains(feature.Name))
            {
                throw MlopsException.Validation(
                    $"Feature '{feature.Name}' has the name of a model output ({string.Join(", ", OnnxModelExporter.OutputNames)}); rename the column.", feature.Name);
            }
        }

        if (train.Task == TrainingTask.Regression)
        {
            if (train.Targets!.Any(t => !float.IsFinite(t)))
            {
                throw MlopsException.Validation($"Label '{label}' has infinite values; regression needs finite numbers.", label);
            }

            return;
        }

        var names = train.ClassNames;
        var counts = new int[names.Count];
        foreach (var c in train.Classes!)
        {
            counts[c]++;
        }

        if (counts.Count(c => c > 0) < 2)
        {
            throw MlopsException.Validation(
                $"Label '{label}' has a single class ('{names[Array.FindIndex(counts, c => c > 0)]}') in the training rows; a classifier needs at least two.", label);
        }

        if (train.Task == TrainingTask.BinaryClassification && names.Count != 2)
        {
            throw MlopsException.Validation(
                $"Binary classification needs exactly two classes; label '{label}' has {names.Count}: {string.Join(", ", names.Take(10).Select(n => $"'{n}'"))}. Use multiclass classification or map the label to two values.",
                label);
        }

        var absent = Enumerable.Range(0, names.Count).Where(c => counts[c] == 0).Select(c => $"'{names[c]}'").ToList();
        if (absent.Count > 0)
        {
            throw MlopsException.Validation(
                $"Class {string.Join(", ", absent)} of label '{label}' has no training rows; drop the class or add rows for it.", label);
        }
    }
}
