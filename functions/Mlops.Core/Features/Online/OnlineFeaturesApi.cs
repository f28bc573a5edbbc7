using System.Buffers;
using System.Globalization;
using System.Text.Json;
using Mlops.Core.Api;
using Mlops.Core.Diagnostics;

namespace Mlops.Core.Features.Online;

/// <summary>
/// <c>POST /api/features/online</c> in the shape of Feast's <c>/get-online-features</c>:
/// <c>{"features": ["view:feature", ...], "entities": {"key": [v1, v2, ...]}, "full_feature_names": false}</c> →
/// <c>{"metadata": {"feature_names": [...]}, "results": [{"values", "statuses", "event_timestamps"}, ...]}</c>,
/// column-major: the entity key columns first (as given, <c>PRESENT</c>), then one result per feature with one entry
/// per entity. Statuses are <c>PRESENT</c>, <c>NOT_FOUND</c>, <c>NULL_VALUE</c> and <c>OUTSIDE_MAX_AGE</c> (the value
/// is returned but older than the view's TTL); timestamps are UTC, <c>1970-01-01T00:00:00Z</c> where there is none.
/// </summary>
internal sealed class OnlineFeaturesApi(OnlineFeatureService service)
{
    private const string FeaturesField = "features";
    private const string EntitiesField = "entities";
    private const string FullNamesField = "full_feature_names";
    private const string NoTimestamp = "1970-01-01T00:00:00Z";

    public async Task<ApiResponse> GetOnlineFeaturesAsync(ApiRequest request, CancellationToken cancellationToken)
    {
        var body = await request.ReadBodyAsync(cancellationToken).ConfigureAwait(false);
        var parsed = Parse(body);
        var columns = await service.ReadAsync(parsed.References, parsed.EntityKeys, FeaturesField, EntitiesField, cancellationToken).ConfigureAwait(false);
        var names = FeatureReference.ColumnNames(parsed.References, parsed.FullNames, FeaturesField, FullNamesField);
        return ApiResponse.RawJson(Write(parsed, columns, names));
    }

    private static OnlineRequest Parse(byte[] body)
    {
        if (body.Length == 0)
        {
            throw MlopsException.Validation("The request body is empty; send {\"features\": [\"view:feature\"], \"entities\": {\"key\": [...]}}.", "body");
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body);
        }
        catch (JsonException ex)
        {
            throw MlopsException.Validation($"The request body is not valid JSON (line {ex.LineNumber + 1}, byte {ex.BytePositionInLine + 1}).", "body", ex);
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw MlopsException.Validation("The request body must be a JSON object with 'features' and 'entities'.", "body");
            }

            List<string?>? features = null;
            Dictionary<string, string[]>? keys = null;
            List<(string Name, JsonElement Values)>? raw = null;
            var fullNames = false;
            foreach (var property in root.EnumerateObject())
            {
                switch (property.Name)
                {
                    case FeaturesField:
                        features = ReadFeatures(property.Value);
                        break;
                    case EntitiesField:
                        (keys, raw) = ReadEntities(property.Value);
                        break;
                    case FullNamesField:
                        fullNames = property.Value.ValueKind switch
                        {
                            JsonValueKind.True => true,
                            JsonValueKind.False or JsonValueKind.Null => false,
                            _ => throw MlopsException.Validation($"'{FullNamesField}' must be true or false.", FullNamesField),
                        };
                        break;
                    case "feature_service":
                        throw MlopsException.Validation("Feature services are not supported; list the features as 'view:feature' in 'features'.", "feature_service");
                    default:
                        throw MlopsException.Validation(
                            $"Unknown key '{property.Name}'; the body has 'features', 'entities' and optionally '{FullNamesField}'.", property.Name);
                }
            }

            var references = FeatureReference.ParseAll(features, FeaturesField);
            if (keys is null)
            {
                throw MlopsException.Validation("'entities' is required: an object of entity key column to values, e.g. {\"customer_id\": [\"c1\", \"c2\"]}.", EntitiesField);
            }

            // The raw values are written back as given, so the JSON elements must outlive the document.
            return new OnlineRequest(references, keys, raw!.Select(r => (r.Name, r.Values.Clone())).ToList(), fullNames);
        }
    }

    private static List<string?> ReadFeatures(JsonElement value)
    {
        if (value.ValueKind != JsonValueKind.Array)
        {
            throw MlopsException.Validation("'features' must be an array of 'view:feature' strings.", FeaturesField);
        }

        var features = new List<string?>();
        foreach (var item in value.EnumerateArray())
        {
            features.Add(item.ValueKind == JsonValueKind.String
                ? item.GetString()
                : throw MlopsException.Validation($"'features[{features.Count}]' must be a 'view:feature' string.", $"{FeaturesField}[{features.Count}]"));
        }

        return features;
    }

    private static (Dictionary<string, string[]> Keys, List<(string Name, JsonElement Values)> Raw) ReadEntities(JsonElement value)
    {
        var keys = OnlineFeatureService.ReadEntityColumns(value, EntitiesField);
        return (keys, [.. value.EnumerateObject().Select(c => (c.Name, c.Value))]);
    }

    private static byte[] Write(OnlineRequest request, IReadOnlyList<OnlineFeatureColumn> columns, string[] names)
    {
        var buffer = new ArrayBufferWriter<byte>(256 + (columns.Count * 64 * request.EntityKeys.First().Value.Length));
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteStartObject("metadata"u8);
            writer.WriteStartArray("feature_names"u8);
            foreach (var (name, _) in request.RawEntities)
            {
                writer.WriteStringValue(name);
            }

            foreach (var name in names)
            {
                writer.WriteStringValue(name);
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
            writer.WriteStartArray("results"u8);
            foreach (var (_, values) in request.RawEntities)
            {
                var count = values.GetArrayLength();
                writer.WriteStartObject();
                writer.WritePropertyName("values"u8);
                values.WriteTo(writer);
                writer.WriteStartArray("statuses"u8);
                for (var i = 0; i < count; i++)
                {
                    writer.WriteStringValue("PRESENT"u8);
                }

                writer.WriteEndArray();
                writer.WriteStartArray("event_timestamps"u8);
                for (var i = 0; i < count; i++)
                {
                    writer.WriteStringValue(NoTimestamp);
                }

                writer.WriteEndArray();
                writer.WriteEndObject();
            }

            foreach (var column in columns)
            {
                writer.WriteStartObject();
                writer.WriteStartArray("values"u8);
                foreach (var value in column.Values)
                {
                    WriteValue(writer, value);
                }

                writer.WriteEndArray();
                writer.WriteStartArray("statuses"u8);
                foreach (var status in column.Statuses)
                {
                    writer.WriteStringValue(StatusName(status));
                }

                writer.WriteEndArray();
                writer.WriteStartArray("event_timestamps"u8);
                foreach (var time in column.EventTimestamps)
                {
                    writer.WriteStringValue(time is { } t ? FormatTimestamp(t) : NoTimestamp);
                }

                writer.WriteEndArray();
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>A feature value: a finite number, a string, or null.</summary>
    public static void WriteValue(Utf8JsonWriter writer, object? value)
    {
        switch (value)
        {
            case double number when double.IsFinite(number):
                writer.WriteNumberValue(number);
                break;
            case string text:
                writer.WriteStringValue(text);
                break;
            default:
                writer.WriteNullValue();
                break;
        }
    }

    /// <summary>Feast's status names.</summary>
    public static string StatusName(FeatureStatus status) => status switch
    {
        FeatureStatus.Present => "PRESENT",
        FeatureStatus.NotFound => "NOT_FOUND",
        FeatureStatus.NullValue => "NULL_VALUE",
        FeatureStatus.OutsideMaxAge => "OUTSIDE_MAX_AGE",
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, null),
    };

    /// <summary>UTC, ISO 8601 with a 'Z', fractional seconds only when there are any.</summary>
    public static string FormatTimestamp(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", CultureInfo.InvariantCulture);

    private sealed record OnlineRequest(
        IReadOnlyList<FeatureReference> References,
        Dictionary<string, string[]> EntityKeys,
        List<(string Name, JsonElement Values)> RawEntities,
        bool FullNames);
}
