using System.Text.Json;
using System.Text.Json.Serialization;

namespace Mlops.Workflows.Engine;

/// <summary>
/// Writes a string that already holds JSON as raw JSON, not as an escaped string: payloads keep their size inside
/// history rows and queue messages, whose limits are the engine's.
/// </summary>
internal sealed class RawJsonConverter : JsonConverter<string>
{
    public override string? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        using var document = JsonDocument.ParseValue(ref reader);
        return document.RootElement.GetRawText();
    }

    public override void Write(Utf8JsonWriter writer, string value, JsonSerializerOptions options) =>
        writer.WriteRawValue(value, skipInputValidation: true);
}
