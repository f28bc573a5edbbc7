using Mlops.Core.Diagnostics;
using Mlops.Core.Training.Data;

namespace Mlops.Core.Monitoring.Drift;

/// <summary>
/// What live data is compared against, prepared once per model version: the training data set itself, or the
/// <see cref="DatasetProfile"/> stored with the version plus its <see cref="ReferenceSample"/>. Features are model
/// inputs; the label, unless left out, is the reference for prediction drift (the distribution a model's outputs
/// should follow).
/// </summary>
/// <remarks>
/// From a profile, the size rule and the numbers shown use the profile's row and missing counts (the whole
/// reference). Numerical tests use the stored sample (the whole column when it had at most 5,000 values, as every
/// reference small enough for KS by default does). Without a sample the values are rebuilt from the profile's quantile
/// bins (uniform within each, the outer two sized to match the profile's mean and variance) and results say they are
/// approximate: close for smooth distributions, but columns of a few repeated numbers (counts, ratings) or with heavy
/// tails can read as drifted, so store a sample (<see cref="ReferenceSampler"/>) with every version. Categorical tests
/// use the profile's category counts; categories beyond its top list form one "other" bucket, so a new category there
/// is not seen as new.
/// </remarks>
public sealed class DriftReference
{
    private DriftReference(IReadOnlyList<ReferenceColumn> columns, long rowCount, string? model, int? version)
    {
        Columns = columns;
        RowCount = rowCount;
        Model = model;
        Version = version;
        Features = [.. columns.Where(c => c.Role == DriftColumnRole.Feature).Select(c => c.Name)];
        Predictions = [.. columns.Where(c => c.Role == DriftColumnRole.Prediction).Select(c => c.Name)];
    }

    /// <summary>The model the reference belongs to, when known.</summary>
    public string? Model { get; }

    /// <summary>The model version the reference belongs to, when known.</summary>
    public int? Version { get; }

    /// <summary>Rows in the reference data.</summary>
    public long RowCount { get; }

    /// <summary>The feature columns compared, in reference order.</summary>
    public IReadOnlyList<string> Features { get; }

    /// <summary>The prediction columns compared (the label, named as in the training data), if any.</summary>
    public IReadOnlyList<string> Predictions { get; }

    internal IReadOnlyList<ReferenceColumn> Columns { get; }

    /// <summary>A reference from a data set: every feature, and the label as the prediction reference unless <paramref name="labelAsPrediction"/> is false.</summary>
    public static DriftReference FromDataset(TabularDataset data, bool labelAsPrediction = true)
    {
        ArgumentNullException.ThrowIfNull(data);
        var columns = new List<ReferenceColumn>();
        foreach (var feature in data.Features)
        {
            columns.Add(ReferenceColumn.FromColumn(feature, DriftColumnRole.Feature));
        }

        if (labelAsPrediction && data.Label is { } label)
        {
            columns.Add(ReferenceColumn.FromColumn(label, DriftColumnRole.Prediction));
        }

        return Create(columns, data.RowCount, null, null);
    }

    /// <summary>
    /// A reference from a stored training profile and, for exact numerical tests, its sample (see the remarks on
    /// this type for what is approximate without one).
    /// </summary>
    public static DriftReference FromProfile(DatasetProfile profile, ReferenceSample? sample = null, bool labelAsPrediction = true)
    {
        ArgumentNullException.ThrowIfNull(profile);
        var columns = new List<ReferenceColumn>();
        foreach (var feature in profile.Features)
        {
            var role = feature.Role switch
            {
                ColumnRole.Feature => DriftColumnRole.Feature,
                ColumnRole.Label when labelAsPrediction => DriftColumnRole.Prediction,
                _ => (DriftColumnRole?)null,
            };
            if (role is { } known)
            {
                var values = sample is not null && sample.Columns.TryGetValue(feature.Name, out var sampled) ? sampled : null;
                columns.Add(ReferenceColumn.FromProfile(feature, known, values));
            }
        }

        return Create(columns, profile.RowCount, null, null);
    }

    /// <summary>
    /// The reference of a model version from its stored profile: a 404 <see cref="MlopsException"/> naming the model
    /// when the version has no profile (it was not trained through the platform, or before profiles were kept).
    /// </summary>
    public static DriftReference ForModel(string model, int version, DatasetProfile? profile, ReferenceSample? sample = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(model);
        if (profile is null)
        {
            throw MlopsException.NotFound(
                $"Model '{model}' version {version} has no training profile to compare drift against; train it through the platform, or check drift against a reference data set.",
                "model");
        }

        var reference = FromProfile(profile, sample);
        if (reference.Features.Count == 0)
        {
            throw MlopsException.Unprocessable($"The training profile of model '{model}' version {version} has no features to compare.", "model");
        }

        return new DriftReference(reference.Columns, reference.RowCount, model, version);
    }

    private static DriftReference Create(List<ReferenceColumn> columns, long rowCount, string? model, int? version)
    {
        var duplicate = columns.GroupBy(c => c.Name, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw MlopsException.Unprocessable($"The reference has column '{duplicate.Key}' twice.", duplicate.Key);
        }

        return new DriftReference(columns, rowCount, model, version);
    }

    internal ReferenceColumn? Find(string name)
    {
        foreach (var column in Columns)
        {
            if (string.Equals(column.Name, name, StringComparison.Ordinal))
            {
                return column;
            }
        }

        return null;
    }
}
