using System.Text.Json;
using System.Text.Json.Serialization;

namespace Mlops.Core.Training.Sweeps;

/// <summary>
/// Reads a <see cref="SearchDimension"/> from a bare array of numbers (a grid axis) or an object with <c>values</c>, or
/// <c>min</c>, <c>max</c> and <c>scale</c>; writes the object form. Whether the fields make sense together is the
/// planner's check, which names the parameter.
/// </summary>
internal sealed class SearchDimensionConverter : JsonConverter<SearchDimension>
{
    public override SearchDimension Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType == JsonTokenType.StartArray)
        {
            return new SearchDimension { Values = ReadNumbers(ref reader) };
        }

        if (reader.TokenType != JsonTokenType.StartObject)
        {
            throw new JsonException("A search dimension is a list of values, e.g. [15, 31, 63], or a range, e.g. {\"min\": 0.01, \"max\": 0.3, \"scale\": \"log\"}.");
        }

        IReadOnlyList<double>? values = null;
        double? min = null, max = null;
        SearchScale? scale = null;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
        {
            var name = reader.GetString()!;
            reader.Read();
            switch (name.ToLowerInvariant())
            {
                case "values":
                    values = reader.TokenType == JsonTokenType.StartArray ? ReadNumbers(ref reader) : throw new JsonException("'values' must be a list of numbers.");
                    break;
                case "min":
                    min = ReadNumber(ref reader);
                    break;
                case "max":
                    max = ReadNumber(ref reader);
                    break;
                case "scale":
                    scale = reader.TokenType == JsonTokenType.String && Enum.TryParse<SearchScale>(reader.GetString(), ignoreCase: true, out var parsed)
                        ? parsed
                        : throw new JsonException("'scale' must be \"linear\" or \"log\".");
                    break;
                default:
                    throw new JsonException($"A search dimension has no field '{name}'; use values, or min, max and scale.");
            }
        }

        return new SearchDimension { Values = values, Min = min, Max = max, Scale = scale };
    }

    public override void Write(Utf8JsonWriter writer, SearchDimension value, JsonSerializerOptions options)
    {
        writer.WriteStartObject();
        if (value.Values is { } values)
        {
            writer.WriteStartArray("values");
            foreach (var v in values)
            {
                writer.WriteNumberValue(v);
            }

            writer.WriteEndArray();
        }

        if (value.Min is { } min)
        {
            writer.WriteNumber("min", min);
        }

        if (value.Max is { } max)
        {
            writer.WriteNumber("max", max);
        }

        if (value.Scale is { } scale)
        {
            writer.WriteString("scale", scale == SearchScale.Log ? "log" : "linear");
        }

        writer.WriteEndObject();
    }

    private static List<double> ReadNumbers(ref Utf8JsonReader reader)
    {
        var values = new List<double>();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            values.Add(ReadNumber(ref reader));
        }

        return values;
    }

    private static double ReadNumber(ref Utf8JsonReader reader) =>
        reader.TokenType == JsonTokenType.Number ? reader.GetDouble() : throw new JsonException($"Expected a number, got {reader.TokenType}.");
}
