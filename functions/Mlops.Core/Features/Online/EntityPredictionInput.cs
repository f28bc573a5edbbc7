using System.Buffers;
using System.Text.Json;
using Mlops.Core.Diagnostics;
using Mlops.Core.Registry;

namespace Mlops.Core.Features.Online;

/// <summary>
/// A predict body that gives only entity keys, <c>{"entities": {"customer_id": ["c1", "c2"]}}</c>, turned into the rows
/// the model takes: the model's features (<see cref="ModelFeatures"/>) are read online for each entity and become the
/// row's columns. A value that is not <c>PRESENT</c> (not found, null, or older than the view's TTL) is sent as null,
/// i.e. missing, just as the point-in-time join leaves it missing in training. Also produces the lineage the prediction
/// log records: the entities and each feature's values, statuses, event times and view version.
/// </summary>
internal sealed class EntityPredictionInput(OnlineFeatureService service)
{
    private const string EntitiesField = "entities";

    /// <summary>Whether the body's first key is <c>entities</c> (cheap: the predict path calls it on every request).</summary>
    public static bool IsEntityRequest(ReadOnlySpan<byte> json)
    {
        var reader = new Utf8JsonReader(json);
        try
        {
            return reader.Read() && reader.TokenType == JsonTokenType.StartObject
                && reader.Read() && reader.TokenType == JsonTokenType.PropertyName
                && reader.ValueTextEquals(EntitiesField);
        }
        catch (JsonException)
        {
            return false;
        }
    }

    /// <summary>The model's rows as <c>{"inputs": [...]}</c> and the lineage JSON for the log.</summary>
    public async Task<(byte[] Rows, byte[] Lineage, int Count)> BuildAsync(ModelVersion version, byte[] body, CancellationToken cancellationToken)
    {
        var features = ModelFeatures.Of(version) ?? throw MlopsException.Validation(
            $"Model '{version.Name}' version {version.Version} lists no features (parameter '{ModelFeatures.ParameterName}'), so it cannot be called with entity keys; send the feature values in 'inputs'.",
            EntitiesField);
        var (entities, raw) = ParseEntities(body);
        IReadOnlyList<OnlineFeatureColumn> columns;
        try
        {
            columns = await service.ReadAsync(features.References, entities, ModelFeatures.ParameterName, EntitiesField, cancellationToken).ConfigureAwait(false);
        }
        catch (MlopsException ex) when (ex.Field?.StartsWith(ModelFeatures.ParameterName, StringComparison.Ordinal) == true)
        {
            throw MlopsException.Unprocessable($"Model '{version.Name}' version {version.Version} lists a feature the store cannot serve: {ex.Message}", "model", ex);
        }

        var count = entities.First().Value.Length;
        return (WriteRows(features.ColumnNames, columns, count), WriteLineage(raw, columns), count);
    }

    private static (Dictionary<string, string[]> Keys, byte[] Raw) ParseEntities(byte[] body)
    {
        using var document = ParseDocument(body);
        var root = document.RootElement;
        JsonElement? entities = null;
        foreach (var property in root.EnumerateObject())
        {
            if (property.Name != EntitiesField)
            {
                throw MlopsException.Validation(
                    $"Unknown key '{property.Name}' beside 'entities'; a prediction by entity keys sends only {{\"entities\": {{\"key\": [...]}}}}.", property.Name);
            }

            entities = property.Value;
        }

        var value = entities!.Value;
        var keys = OnlineFeatureService.ReadEntityColumns(value, EntitiesField);
        return (keys, JsonSerializer.SerializeToUtf8Bytes(value));
    }

    private static JsonDocument ParseDocument(byte[] body)
    {
        try
        {
            return JsonDocument.Parse(body);
        }
        catch (JsonException ex)
        {
            throw MlopsException.Validation($"The request body is not valid JSON (line {ex.LineNumber + 1}, byte {ex.BytePositionInLine + 1}).", "body", ex);
        }
    }

    private static byte[] WriteRows(string[] names, IReadOnlyList<OnlineFeatureColumn> columns, int count)
    {
        var buffer = new ArrayBufferWriter<byte>(64 + (count * names.Length * 24));
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteStartArray("inputs"u8);
            for (var r = 0; r < count; r++)
            {
                writer.WriteStartObject();
                for (var c = 0; c < names.Length; c++)
                {
                    writer.WritePropertyName(names[c]);
                    var column = columns[c];
                    OnlineFeaturesApi.WriteValue(writer, column.Statuses[r] == FeatureStatus.Present ? column.Values[r] : null);
                }

                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    private static byte[] WriteLineage(byte[] entities, IReadOnlyList<OnlineFeatureColumn> columns)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WritePropertyName("entities"u8);
            writer.WriteRawValue(entities, skipInputValidation: true);
            writer.WriteStartObject("features"u8);
            foreach (var column in columns)
            {
                writer.WriteStartObject(column.Reference.ToString());
                writer.WriteNumber("viewVersion"u8, column.ViewVersion);
                writer.WriteStartArray("values"u8);
                foreach (var value in column.Values)
                {
                    OnlineFeaturesApi.WriteValue(writer, value);
                }

                writer.WriteEndArray();
                writer.WriteStartArray("statuses"u8);
                foreach (var status in column.Statuses)
                {
                    writer.WriteStringValue(OnlineFeaturesApi.StatusName(status));
                }

                writer.WriteEndArray();
                writer.WriteStartArray("eventTimestamps"u8);
                foreach (var time in column.EventTimestamps)
                {
                    if (time is { } t)
                    {
                        writer.WriteStringValue(OnlineFeaturesApi.FormatTimestamp(t));
                    }
                    else
                    {
                        writer.WriteNullValue();
                    }
                }

                writer.WriteEndArray();
                writer.WriteEndObject();
            }

            writer.WriteEndObject();
            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }
}
