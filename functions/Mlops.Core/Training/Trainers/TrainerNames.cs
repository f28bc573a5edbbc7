using Mlops.Core.Diagnostics;

namespace Mlops.Core.Training.Trainers;

/// <summary>The names trainers and tasks go by in requests, run records and model metadata.</summary>
public static class TrainerNames
{
    /// <summary>"lightgbm", "fasttree" or "linear".</summary>
    public static string Format(TrainerKind trainer) => trainer switch
    {
        TrainerKind.LightGbm => "lightgbm",
        TrainerKind.FastTree => "fasttree",
        TrainerKind.Linear => "linear",
        _ => throw new ArgumentOutOfRangeException(nameof(trainer), trainer, "Unknown trainer."),
    };

    /// <summary>"binary-classification", "multiclass-classification" or "regression".</summary>
    public static string Format(TrainingTask task) => task switch
    {
        TrainingTask.BinaryClassification => "binary-classification",
        TrainingTask.MulticlassClassification => "multiclass-classification",
        TrainingTask.Regression => "regression",
        _ => throw new ArgumentOutOfRangeException(nameof(task), task, "Unknown task."),
    };

    /// <summary>Parses a trainer name (case-insensitive); a validation error on <paramref name="field"/> lists the valid ones.</summary>
    public static TrainerKind ParseTrainer(string name, string field = "trainer")
    {
        ArgumentNullException.ThrowIfNull(name);
        foreach (var kind in Enum.GetValues<TrainerKind>())
        {
            if (string.Equals(Format(kind), name, StringComparison.OrdinalIgnoreCase) || string.Equals(kind.ToString(), name, StringComparison.OrdinalIgnoreCase))
            {
                return kind;
            }
        }

        throw MlopsException.Validation(
            $"Unknown trainer '{name}'; use one of {string.Join(", ", Enum.GetValues<TrainerKind>().Select(k => $"'{Format(k)}'"))}.", field);
    }
}
