namespace Mlops.Core.Training;

/// <summary>Rows in each part of a split.</summary>
/// <param name="Train">Rows trained on.</param>
/// <param name="Validation">Rows the candidates were compared on.</param>
/// <param name="Test">Rows the winner and the baseline were measured on.</param>
public sealed record SplitRows(int Train, int Validation, int Test);
