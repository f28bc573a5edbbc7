using System.Text.Json;

namespace Mlops.Core.Serving;

/// <summary>Writes predictions and input rows as JSON, the same way for the response and the prediction log.</summary>
internal static class PredictionWriter
{
    /// <summary>
    /// One prediction per row: a single output's value (a scalar for [batch] and [batch, 1] outputs), or for several
    /// outputs (a classifier's label and probabilities) an object keyed by output name.
    /// </summary>
    public static void WritePredictions(Utf8JsonWriter writer, OutputValue[] outputs, int rows)
    {
        writer.WriteStartArray();
        for (var row = 0; row < rows; row++)
        {
            if (outputs.Length == 1)
            {
                outputs[0].WriteRow(writer, row, rows);
                continue;
            }

            writer.WriteStartObject();
            foreach (var output in outputs)
            {
                writer.WritePropertyName(output.Spec.JsonName);
                output.WriteRow(writer, row, rows);
            }

            writer.WriteEndObject();
        }

        writer.WriteEndArray();
    }

    /// <summary>
    /// The input rows as objects keyed by column (the predict route's columns for tabular models, otherwise the input
    /// names with each row's values).
    /// </summary>
    public static void WriteInputRows(Utf8JsonWriter writer, InputBatch batch)
    {
        var schema = batch.Schema;
        var rows = batch.Rows;
        writer.WriteStartArray();
        for (var row = 0; row < rows; row++)
        {
            writer.WriteStartObject();
            if (schema.Tabular is { } layout)
            {
                foreach (var column in layout.Columns)
                {
                    writer.WritePropertyName(column.JsonName);
                    batch.Buffers[column.Input].WriteJson(writer, (row * schema.Inputs[column.Input].RowSize) + column.Offset);
                }
            }
            else
            {
                for (var i = 0; i < schema.Inputs.Count; i++)
                {
                    writer.WritePropertyName(schema.Inputs[i].JsonName);
                    var perRow = rows > 0 ? batch.Counts[i] / rows : 0;
                    if (perRow == 1)
                    {
                        batch.Buffers[i].WriteJson(writer, row);
                        continue;
                    }

                    writer.WriteStartArray();
                    for (var k = 0; k < perRow; k++)
                    {
                        batch.Buffers[i].WriteJson(writer, (row * perRow) + k);
                    }

                    writer.WriteEndArray();
                }
            }

            writer.WriteEndObject();
        }

        writer.WriteEndArray();
    }

    /// <summary>Writes the input rows to a new UTF-8 array (what the prediction log keeps).</summary>
    public static byte[] InputRowsToArray(InputBatch batch)
    {
        var writer = JsonWriterCache.Rent(out var buffer);
        WriteInputRows(writer, batch);
        return JsonWriterCache.ToArrayAndReturn(writer, buffer);
    }
}
