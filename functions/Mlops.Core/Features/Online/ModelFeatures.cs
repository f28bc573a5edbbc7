using System.Text.Json;
using Mlops.Core.Diagnostics;
using Mlops.Core.Registry;
using Mlops.Core.Training.Data;

namespace Mlops.Core.Features.Online;

/// <summary>
/// The features a model version takes from the feature store, as it lists them: the parameter (or tag)
/// <see cref="ParameterName"/> holding a JSON array of <c>view:feature</c> references (training from feature views sets
/// it), and <see cref="FullNamesParameter"/> = <c>true</c> when its input columns are named <c>view__feature</c> rather
/// than by the feature's name; <see cref="TimestampColumnParameter"/> names the entity rows' timestamp column it was
/// trained with (so a retraining can join the same way).
/// </summary>
internal sealed record ModelFeatures(IReadOnlyList<FeatureReference> References, bool FullNames, string[] ColumnNames)
{
    public const string ParameterName = "features";

    public const string FullNamesParameter = "features_full_names";

    public const string TimestampColumnParameter = "features_timestamp_column";

    /// <summary>The entity rows' timestamp column of the training join, when the version records it.</summary>
    public string? TimestampColumn { get; init; }

    /// <summary>The point-in-time join that builds this model's training set from entity rows.</summary>
    public FeatureJoinRequest ToJoinRequest() => new()
    {
        Refs = [.. References.Select(r => r.ToString())],
        TimestampColumn = TimestampColumn,
        FullFeatureNames = FullNames,
    };

    /// <summary>The version's features, or null when it lists none; a malformed list is a 422 naming the model.</summary>
    public static ModelFeatures? Of(ModelVersion version)
    {
        ArgumentNullException.ThrowIfNull(version);
        var text = version.Parameters.GetValueOrDefault(ParameterName) ?? version.Tags.GetValueOrDefault(ParameterName);
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        var full = string.Equals(version.Parameters.GetValueOrDefault(FullNamesParameter) ?? version.Tags.GetValueOrDefault(FullNamesParameter), "true", StringComparison.OrdinalIgnoreCase);
        try
        {
            var texts = JsonSerializer.Deserialize<List<string?>>(text);
            var references = FeatureReference.ParseAll(texts, ParameterName);
            var timestamp = version.Parameters.GetValueOrDefault(TimestampColumnParameter) ?? version.Tags.GetValueOrDefault(TimestampColumnParameter);
            return new ModelFeatures(references, full, FeatureReference.ColumnNames(references, full, ParameterName, FullNamesParameter))
            {
                TimestampColumn = string.IsNullOrWhiteSpace(timestamp) ? null : timestamp,
            };
        }
        catch (Exception ex) when (ex is JsonException or MlopsException)
        {
            throw MlopsException.Unprocessable(
                $"Model '{version.Name}' version {version.Version} lists its features wrongly in '{ParameterName}' ({ex.Message}); it must be a JSON array of \"view:feature\" strings.",
                "model",
                ex);
        }
    }

    /// <summary>The parameters that record <paramref name="references"/> on a model version.</summary>
    public static IEnumerable<KeyValuePair<string, string>> ToParameters(IReadOnlyList<FeatureReference> references, bool fullNames, string? timestampColumn = null)
    {
        yield return new(ParameterName, JsonSerializer.Serialize(references.Select(r => r.ToString()).ToArray()));
        if (fullNames)
        {
            yield return new(FullNamesParameter, "true");
        }

        if (timestampColumn is not null)
        {
            yield return new(TimestampColumnParameter, timestampColumn);
        }
    }
}
