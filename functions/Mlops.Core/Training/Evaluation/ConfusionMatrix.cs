namespace Mlops.Core.Training.Evaluation;

/// <summary>Counts of rows by actual class (rows of <see cref="Counts"/>) and predicted class (columns).</summary>
/// <param name="Classes">The class names, in class-index order.</param>
/// <param name="Counts">Counts[actual][predicted].</param>
public sealed record ConfusionMatrix(IReadOnlyList<string> Classes, IReadOnlyList<IReadOnlyList<long>> Counts);
