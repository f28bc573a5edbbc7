using System.Buffers;
using System.Text.Json;
using Mlops.Core.Diagnostics;
using Mlops.Core.Registry;

namespace Mlops.Core.Features.Online;

/// <summary>
/// A predict body that gives entity keys, <c>{"entities": {"customer_id": ["c1", "c2"]}}</c>, optionally with request-time
/// columns beside them, <c>"request_context": {"tenure": [3, 14]}</c> (Feast's name and column-major shape: one value per
/// entity row), turned into the rows the model takes: the model's features (<see cref="ModelFeatures"/>) are read online
/// for each entity and joined with the request-time columns into the row's columns. A feature value that is not
/// <c>PRESENT</c> (not found, null, or older than the view's TTL) is sent as null, i.e. missing, just as the
/// point-in-time join leaves it missing in training. Also produces the lineage the prediction log records: the entities
/// and each feature's values, statuses, event times and view version (the request-time values are in the logged rows).
/// </summary>
internal sealed class EntityPredictionInput(OnlineFeatureService service)
{
    /// <summary>The entity key columns' member.</summary>
    public const string EntitiesField = "entities";

    /// <summary>The request-time columns' member.</summary>
    public const string RequestContextField = "request_context";

    /// <summary>Whether the body's first key is <c>entities</c> or <c>request_context</c> (cheap: the predict path calls it on every request).</summary>
    public static bool IsEntityRequest(ReadOnlySpan<byte> json)
    {
        var reader = new Utf8JsonReader(json);
        try
        {
            return reader.Read() && reader.TokenType == JsonTokenType.StartObject
                && reader.Read() && reader.TokenType == JsonTokenType.PropertyName
                && (reader.ValueTextEquals(EntitiesField) || reader.ValueTextEquals(RequestContextField));
        }
        catch (JsonException)
        {
            return false;
        }
    }

    /// <summary>
    /// The model's rows as <c>{"inputs": [...]}</c>, the lineage JSON for the log, and the request-time columns (to name
    /// them as <c>request_context.{column}</c> when scoring refuses one of their values). <paramref name="modelColumns"/>
    /// are the model's input columns when known: each must be a feature or a request-time column.
    /// </summary>
    public async Task<EntityRows> BuildAsync(ModelVersion version, IReadOnlyList<string>? modelColumns, byte[] body, CancellationToken cancellationToken)
    {
        var features = ModelFeatures.Of(version) ?? throw MlopsException.Validation(
            $"Model '{version.Name}' version {version.Version} lists no features (parameter '{ModelFeatures.ParameterName}'), so it cannot be called with entity keys; send the feature values in 'inputs'.",
            EntitiesField);
        var (entities, raw, context) = Parse(body);
        var count = service.CountEntities(entities, EntitiesField);
        CheckRequestColumns(version, features, context, count, modelColumns);

        IReadOnlyList<OnlineFeatureColumn> columns;
        try
        {
            columns = await service.ReadAsync(features.References, entities, ModelFeatures.ParameterName, EntitiesField, cancellationToken).ConfigureAwait(false);
        }
        catch (MlopsException ex) when (ex.Field?.StartsWith(ModelFeatures.ParameterName, StringComparison.Ordinal) == true)
        {
            throw MlopsException.Unprocessable($"Model '{version.Name}' version {version.Version} lists a feature the store cannot serve: {ex.Message}", "model", ex);
        }

        return new EntityRows(WriteRows(features.ColumnNames, columns, context, count), WriteLineage(raw, columns), count, [.. context.Keys]);
    }

    private static void CheckRequestColumns(
        ModelVersion version, ModelFeatures features, Dictionary<string, JsonElement[]> context, int count, IReadOnlyList<string>? modelColumns)
    {
        foreach (var (name, values) in context)
        {
            var field = $"{RequestContextField}.{name}";
            if (values.Length != count)
            {
                throw MlopsException.Validation(
                    $"Request column '{name}' has {values.Length} values but there are {count} entities; give one value per entity row.", field);
            }

            var position = Array.IndexOf(features.ColumnNames, name);
            if (position >= 0)
            {
                throw MlopsException.Validation(
                    $"'{name}' is feature '{features.References[position]}', which the model looks up in the feature store; send it in 'inputs' rows instead of entity keys, or leave it out of '{RequestContextField}'.",
                    field);
            }

            if (modelColumns is not null && !modelColumns.Contains(name, StringComparer.Ordinal))
            {
                throw MlopsException.Validation(
                    $"Request column '{name}' is not an input of model '{version.Name}' version {version.Version}; its inputs are {List(modelColumns)}.", field);
            }
        }

        if (modelColumns is null)
        {
            return;
        }

        foreach (var name in modelColumns)
        {
            if (!context.ContainsKey(name) && Array.IndexOf(features.ColumnNames, name) < 0)
            {
                throw MlopsException.Validation(
                    $"Model input '{name}' is neither one of the model's features ({List(features.ColumnNames)}) nor a request column; send it as '{RequestContextField}': {{\"{name}\": [...]}}, one value per entity.",
                    $"{RequestContextField}.{name}");
            }
        }
    }

    private static string List(IEnumerable<string> names)
    {
        var all = names.ToList();
        var shown = string.Join(", ", all.Take(20).Select(n => $"'{n}'"));
        return all.Count > 20 ? $"{shown}, … ({all.Count} in all)" : shown;
    }

    private static (Dictionary<string, string[]> Keys, byte[] Raw, Dictionary<string, JsonElement[]> Context) Parse(byte[] body)
    {
        using var document = ParseDocument(body);
        var root = document.RootElement;
        JsonElement? entities = null;
        var context = new Dictionary<string, JsonElement[]>(StringComparer.Ordinal);
        var hasContext = false;
        foreach (var property in root.EnumerateObject())
        {
            switch (property.Name)
            {
                case EntitiesField when entities is null:
                    entities = property.Value;
                    break;
                case RequestContextField when !hasContext:
                    hasContext = true;
                    ReadRequestColumns(property.Value, context);
                    break;
                case EntitiesField or RequestContextField:
                    throw MlopsException.Validation($"'{property.Name}' is given twice.", property.Name);
                default:
                    throw MlopsException.Validation(
                        $"Unknown key '{property.Name}' beside 'entities'; a prediction by entity keys sends {{\"entities\": {{\"key\": [...]}}}} and optionally {{\"{RequestContextField}\": {{\"column\": [...]}}}}.",
                        property.Name);
            }
        }

        if (entities is not { } value)
        {
            throw MlopsException.Validation(
                $"'{RequestContextField}' goes with 'entities': give the entity keys whose features the model looks up, e.g. {{\"entities\": {{\"customer_id\": [\"c1\"]}}}}.", EntitiesField);
        }

        var keys = OnlineFeatureService.ReadEntityColumns(value, EntitiesField);
        return (keys, JsonSerializer.SerializeToUtf8Bytes(value), context);
    }

    // Values are copied as the request spelled them (the model's parser checks their types, as for 'inputs' rows); only
    // the shape is checked here: an object of column to an array of scalars.
    private static void ReadRequestColumns(JsonElement value, Dictionary<string, JsonElement[]> context)
    {
        if (value.ValueKind != JsonValueKind.Object)
        {
            throw MlopsException.Validation(
                $"'{RequestContextField}' must be an object of column to an array of values, one per entity, e.g. {{\"tenure\": [3, 14]}}.", RequestContextField);
        }

        foreach (var column in value.EnumerateObject())
        {
            var field = $"{RequestContextField}.{column.Name}";
            if (column.Value.ValueKind != JsonValueKind.Array)
            {
                throw MlopsException.Validation($"'{field}' must be an array of values, one per entity.", field);
            }

            var values = new JsonElement[column.Value.GetArrayLength()];
            var i = 0;
            foreach (var item in column.Value.EnumerateArray())
            {
                if (item.ValueKind is JsonValueKind.Object or JsonValueKind.Array)
                {
                    throw MlopsException.Validation(
                        $"'{field}[{i}]' must be a string, number, boolean or null; got {item.ValueKind.ToString().ToLowerInvariant()}.", $"{field}[{i}]");
                }

                values[i++] = item.Clone();
            }

            if (!context.TryAdd(column.Name, values))
            {
                throw MlopsException.Validation($"Request column '{column.Name}' is given twice.", field);
            }
        }
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

    private static byte[] WriteRows(string[] names, IReadOnlyList<OnlineFeatureColumn> columns, Dictionary<string, JsonElement[]> context, int count)
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

                foreach (var (name, values) in context)
                {
                    writer.WritePropertyName(name);
                    values[r].WriteTo(writer);
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
