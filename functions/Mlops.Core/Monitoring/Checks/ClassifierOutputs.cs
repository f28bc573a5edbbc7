using System.Buffers;
using System.Globalization;
using System.Text.Json;
using Mlops.Core.Registry;
using Mlops.Core.Training.Data;

namespace Mlops.Core.Monitoring.Checks;

/// <summary>
/// The platform's classifiers log <c>{"label": class index, "probabilities": [...]}</c> per row, while the prediction-drift
/// reference is the training label by its class names. This rewrites each row's prediction as the class name under the
/// label's column name, so prediction drift compares like with like.
/// </summary>
internal static class ClassifierOutputs
{
    /// <summary>The classes in the order training numbers them: numbers by value when every class is one, else ordinal.</summary>
    public static List<string> Order(IEnumerable<string> names)
    {
        var distinct = names.Distinct(StringComparer.Ordinal).ToList();
        return distinct.All(n => double.TryParse(n, NumberStyles.Float, CultureInfo.InvariantCulture, out _))
            ? [.. distinct.OrderBy(n => double.Parse(n, NumberStyles.Float, CultureInfo.InvariantCulture))]
            : [.. distinct.Order(StringComparer.Ordinal)];
    }

    /// <summary>A mapper for <paramref name="version"/>, or null when it is not a classifier trained with a profiled label.</summary>
    public static Func<PredictionRecord, PredictionRecord>? For(ModelVersion version, DatasetProfile? profile)
    {
        if (!version.Parameters.TryGetValue("task", out var task) || !task.EndsWith("classification", StringComparison.Ordinal))
        {
            return null;
        }

        var label = profile?.Features.FirstOrDefault(f => f.Role == ColumnRole.Label);
        if (label?.Categories is not { Count: > 1 } categories || label.OtherCount is > 0)
        {
            return null;
        }

        var classes = Order(categories.Select(c => c.Value));
        return record => Rewrite(record, label.Name, classes);
    }

    private static PredictionRecord Rewrite(PredictionRecord record, string column, List<string> classes)
    {
        try
        {
            using var document = JsonDocument.Parse(record.Outputs);
            if (document.RootElement.ValueKind != JsonValueKind.Array)
            {
                return record;
            }

            var buffer = new ArrayBufferWriter<byte>(record.Outputs.Length);
            using (var json = new Utf8JsonWriter(buffer))
            {
                json.WriteStartArray();
                foreach (var row in document.RootElement.EnumerateArray())
                {
                    json.WriteStartObject();
                    if (row.ValueKind == JsonValueKind.Object && row.TryGetProperty("label", out var index)
                        && index.ValueKind == JsonValueKind.Number && index.TryGetInt32(out var i) && i >= 0 && i < classes.Count)
                    {
                        json.WriteString(column, classes[i]);
                    }
                    else
                    {
                        json.WriteNull(column);
                    }

                    json.WriteEndObject();
                }

                json.WriteEndArray();
            }

            return record with { Outputs = buffer.WrittenMemory.ToArray() };
        }
        catch (JsonException)
        {
            // Left as logged: the drift parser counts it as unreadable.
            return record;
        }
    }
}
