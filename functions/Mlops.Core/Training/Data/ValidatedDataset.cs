namespace Mlops.Core.Training.Data;

/// <summary>A data set that passed validation, with what validation found.</summary>
/// <param name="Data">The loaded data.</param>
/// <param name="Report">Row counts, missing rates, parse failures and warnings.</param>
public sealed record ValidatedDataset(TabularDataset Data, DataValidationReport Report);
