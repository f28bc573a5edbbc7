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

    /// <summary>
    /// The rows of a tabular predict request as <c>[{"age":…,"income":…},…]</c> in model column order, each value
    /// copied from the request as sent (its JSON token), so no number is formatted twice.
    /// </summary>
    public static byte[] RawInputRowsToArray(ReadOnlySpan<byte> json, InputBatch batch)
    {
        var columns = batch.Schema.Tabular!.Columns;
        var raw = batch.RawValues;
        var length = 2 + batch.Rows - 1;
        for (var row = 0; row < batch.Rows; row++)
        {
            length += 2 + columns.Count - 1;
            for (var p = 0; p < columns.Count; p++)
            {
                length += columns[p].PropertyPrefix.Length + raw[(row * columns.Count) + p].Length;
            }
        }

        var bytes = new byte[length];
        var span = bytes.AsSpan();
        var at = 0;
        span[at++] = (byte)'[';
        for (var row = 0; row < batch.Rows; row++)
        {
            if (row > 0)
            {
                span[at++] = (byte)',';
            }

            span[at++] = (byte)'{';
            for (var p = 0; p < columns.Count; p++)
            {
                if (p > 0)
                {
                    span[at++] = (byte)',';
                }

                columns[p].PropertyPrefix.CopyTo(span[at..]);
                at += columns[p].PropertyPrefix.Length;
                var (start, count) = raw[(row * columns.Count) + p];
                json.Slice(start, count).CopyTo(span[at..]);
                at += count;
            }

            span[at++] = (byte)'}';
        }

        span[at] = (byte)']';
        return bytes;
    }
}
