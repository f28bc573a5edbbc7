namespace Mlops.Core.Training.Data;

/// <summary>The baseline statistics of a training data set: one <see cref="FeatureProfile"/> per feature and the label.</summary>
/// <param name="RowCount">Rows profiled.</param>
/// <param name="Features">Feature profiles in file order, then the label's (ID columns are not profiled).</param>
/// <param name="DataDigest">SHA-256 of the data file, hex, when known.</param>
public sealed record DatasetProfile(long RowCount, IReadOnlyList<FeatureProfile> Features, string? DataDigest = null)
{
    /// <summary>The profile of the column with this name, or null.</summary>
    public FeatureProfile? Find(string name) => Features.FirstOrDefault(f => string.Equals(f.Name, name, StringComparison.Ordinal));
}
