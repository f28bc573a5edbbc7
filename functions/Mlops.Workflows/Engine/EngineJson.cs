using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Mlops.Workflows.Engine;

/// <summary>The engine's own storage format (history, messages), independent of the users' payload options.</summary>
internal static class EngineJson
{
    public static JsonSerializerOptions Options { get; } = new()
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Converters = { new JsonStringEnumConverter() },
    };

    /// <summary>Serializes a user payload, or null for null; throws when it exceeds <see cref="WorkflowLimits.MaxPayloadBytes"/>.</summary>
    public static string? SerializePayload(object? value, Type? declaredType, JsonSerializerOptions options, string what)
    {
        if (value is null)
        {
            return null;
        }

        var type = declaredType is null || declaredType == typeof(object) ? value.GetType() : declaredType;
        var json = JsonSerializer.Serialize(value, type, options);
        CheckSize(json, what);
        return json;
    }

    public static void CheckSize(string? json, string what)
    {
        if (json is null || json.Length <= WorkflowLimits.MaxPayloadBytes / 3)
        {
            return;
        }

        var size = Encoding.UTF8.GetByteCount(json);
        if (size > WorkflowLimits.MaxPayloadBytes)
        {
            throw new WorkflowPayloadTooLargeException(what, size);
        }
    }

    public static object? DeserializePayload(string? json, Type type, JsonSerializerOptions options) =>
        json is null ? null : JsonSerializer.Deserialize(json, type, options);

    public static T DeserializePayload<T>(string? json, JsonSerializerOptions options) =>
        json is null ? default! : JsonSerializer.Deserialize<T>(json, options)!;
}
