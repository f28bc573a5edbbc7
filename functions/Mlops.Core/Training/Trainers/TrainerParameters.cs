using System.Globalization;
using Mlops.Core.Diagnostics;

namespace Mlops.Core.Training.Trainers;

/// <summary>
/// The hyperparameters each <see cref="TrainerKind"/> accepts and their validation, so a request or a sweep can set
/// them by name: <c>{"numberOfLeaves": 31, "learningRate": 0.05}</c>.
/// </summary>
public static class TrainerParameters
{
    /// <summary>Trees (LightGBM) or iterations (each adds one tree per class).</summary>
    public const string NumberOfIterations = "numberOfIterations";

    /// <summary>Trees (FastTree).</summary>
    public const string NumberOfTrees = "numberOfTrees";

    /// <summary>The most leaves a tree may have.</summary>
    public const string NumberOfLeaves = "numberOfLeaves";

    /// <summary>The shrinkage applied to each new tree.</summary>
    public const string LearningRate = "learningRate";

    /// <summary>The fewest training rows a leaf may hold.</summary>
    public const string MinimumExampleCountPerLeaf = "minimumExampleCountPerLeaf";

    /// <summary>The fraction of features each tree (LightGBM) or split search (FastTree) may use.</summary>
    public const string FeatureFraction = "featureFraction";

    /// <summary>L1 (lasso) regularization weight.</summary>
    public const string L1Regularization = "l1Regularization";

    /// <summary>L2 (ridge) regularization weight.</summary>
    public const string L2Regularization = "l2Regularization";

    /// <summary>The most optimizer passes or iterations (linear models).</summary>
    public const string MaximumNumberOfIterations = "maximumNumberOfIterations";

    private static readonly IReadOnlyList<TrainerParameter> LightGbmParameters =
    [
        new(NumberOfIterations, 1, 10_000, true, 100, "boosting iterations (trees per class)"),
        new(NumberOfLeaves, 2, 1024, true, 31, "the most leaves per tree"),
        new(LearningRate, 0, 1, false, 0.1, "shrinkage of each tree", MinimumExclusive: true),
        new(MinimumExampleCountPerLeaf, 1, 100_000, true, 20, "the fewest rows in a leaf"),
        new(FeatureFraction, 0, 1, false, 1, "fraction of features sampled per tree", MinimumExclusive: true),
        new(L2Regularization, 0, 1000, false, 0.01, "L2 regularization of leaf values"),
    ];

    private static readonly IReadOnlyList<TrainerParameter> FastTreeParameters =
    [
        new(NumberOfTrees, 1, 10_000, true, 100, "trees (per class for multiclass one-versus-all)"),
        new(NumberOfLeaves, 2, 1024, true, 20, "the most leaves per tree"),
        new(LearningRate, 0, 1, false, 0.2, "shrinkage of each tree", MinimumExclusive: true),
        new(MinimumExampleCountPerLeaf, 1, 100_000, true, 10, "the fewest rows in a leaf"),
        new(FeatureFraction, 0, 1, false, 1, "fraction of features sampled per tree", MinimumExclusive: true),
    ];

    private static readonly IReadOnlyList<TrainerParameter> LinearParameters =
    [
        new(L1Regularization, 0, 1000, false, null, "L1 regularization weight (default: ML.NET's, 1 for L-BFGS, auto for SDCA)"),
        new(L2Regularization, 0, 1000, false, null, "L2 regularization weight (default: 1 for L-BFGS, as ML.NET; 0.01 for SDCA, whose auto-tuned value can diverge)"),
        new(MaximumNumberOfIterations, 1, 100_000, true, null, "the most optimizer iterations (default: until converged, auto for SDCA)"),
    ];

    /// <summary>The parameters <paramref name="trainer"/> accepts.</summary>
    public static IReadOnlyList<TrainerParameter> For(TrainerKind trainer) => trainer switch
    {
        TrainerKind.LightGbm => LightGbmParameters,
        TrainerKind.FastTree => FastTreeParameters,
        TrainerKind.Linear => LinearParameters,
        _ => throw new ArgumentOutOfRangeException(nameof(trainer), trainer, "Unknown trainer."),
    };

    /// <summary>
    /// Validates <paramref name="given"/> for <paramref name="trainer"/> and returns every parameter's effective value
    /// under its canonical name: the given value, else the default (parameters with no default are left out, so
    /// ML.NET chooses). An unknown name or an invalid value is a validation error naming the parameter.
    /// </summary>
    public static IReadOnlyDictionary<string, double> Resolve(TrainerKind trainer, IReadOnlyDictionary<string, double>? given)
    {
        var definitions = For(trainer);
        var resolved = new SortedDictionary<string, double>(StringComparer.Ordinal);
        foreach (var (name, value) in given ?? new Dictionary<string, double>())
        {
            var definition = definitions.FirstOrDefault(d => string.Equals(d.Name, name, StringComparison.OrdinalIgnoreCase))
                ?? throw MlopsException.Validation(
                    $"Trainer '{TrainerNames.Format(trainer)}' has no parameter '{name}'; it accepts {string.Join(", ", definitions.Select(d => $"'{d.Name}'"))}.",
                    name);
            if (!definition.Accepts(value))
            {
                throw MlopsException.Validation(
                    $"Parameter '{definition.Name}' of trainer '{TrainerNames.Format(trainer)}' must be {definition.DescribeRange()}; got {value.ToString(CultureInfo.InvariantCulture)}.",
                    definition.Name);
            }

            if (!resolved.TryAdd(definition.Name, value))
            {
                throw MlopsException.Validation($"Parameter '{definition.Name}' is given twice (names match case-insensitively).", definition.Name);
            }
        }

        foreach (var definition in definitions)
        {
            if (definition.Default is { } value)
            {
                resolved.TryAdd(definition.Name, value);
            }
        }

        return resolved;
    }
}
