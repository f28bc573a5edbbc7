namespace Mlops.Core.Training.Data;

/// <summary>A data set taken in for training: the data, what validation found, its profile and its snapshot.</summary>
/// <param name="Location">The canonical location it was read from.</param>
/// <param name="Data">The loaded, validated data.</param>
/// <param name="Report">Row counts, missing rates, parse failures and warnings; kept with the run.</param>
/// <param name="Profile">Baseline statistics; stored with the model version for drift monitoring.</param>
/// <param name="Snapshot">The immutable copy; its URI and digest go into the model version's lineage.</param>
public sealed record IngestedDataset(
    string Location,
    TabularDataset Data,
    DataValidationReport Report,
    DatasetProfile Profile,
    DatasetSnapshot Snapshot)
{
    /// <summary>
    /// The column declarations the data was read with: the request's, plus, when features were joined, the entity key
    /// columns as ids. Reading <see cref="Snapshot"/> with them (and no join) gives the same data again.
    /// </summary>
    public IReadOnlyDictionary<string, ColumnOverride>? Columns { get; init; }

    /// <summary>The files read in order as one data set (a policy's <c>training.dataWindow</c>); null when one file was read.</summary>
    public IReadOnlyList<string>? Sources { get; init; }
}
