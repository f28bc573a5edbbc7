namespace Mlops.Core.Training.Data;

/// <summary>What data to take in and how to read it.</summary>
/// <param name="Location">Where the data is: <c>blob://training-data/churn/data.csv</c>, a blob URL in the platform's
/// account, or (when allowed) a local path.</param>
/// <param name="Label">The label column; null for data without one.</param>
/// <param name="Columns">Declared kind, role and bounds per column; the rest is inferred.</param>
/// <param name="Format">The format, when the file name's extension does not say.</param>
/// <param name="Features">When set, <paramref name="Location"/> holds entity rows and these features are joined to
/// them point-in-time from the offline feature store; the joined set is what is taken in.</param>
/// <param name="Sources">When set, several files read in this order as one data set (CSV/TSV: one header, which each
/// must repeat; Parquet: the same schema); <paramref name="Location"/> is then the last (newest), whose format the others must share.</param>
public sealed record DatasetRequest(
    string Location,
    string? Label = null,
    IReadOnlyDictionary<string, ColumnOverride>? Columns = null,
    DataFormat? Format = null,
    FeatureJoinRequest? Features = null,
    IReadOnlyList<string>? Sources = null);
