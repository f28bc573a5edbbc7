using System.Text.Json;
using Mlops.Core.Diagnostics;

namespace Mlops.Core.Serving;

/// <summary>
/// Parses an Open Inference Protocol v2 infer request:
/// <c>{"id"?, "parameters"?, "inputs": [{"name", "shape", "datatype", "parameters"?, "data"}], "outputs"?: [{"name"}]}</c>.
/// <c>data</c> is row-major, flat or nested to any depth; its element count must match <c>shape</c>, the datatype must be
/// the model input's and the shape must fit the model's (same rank, equal fixed dimensions). Unknown keys are ignored,
/// as the protocol is extensible; unknown input or output names are not.
/// </summary>
internal static class InferRequestParser
{
    public static InferRequest Parse(ReadOnlySpan<byte> json, ModelSchema schema, int maxRows, bool allowMissing)
    {
        if (json.IsEmpty)
        {
            throw MlopsException.Validation("The request body is empty; send a JSON object with 'inputs'.", "body");
        }

        var batch = new InputBatch(schema, 0);
        try
        {
            var reader = new Utf8JsonReader(json);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                throw MlopsException.Validation("The request body must be a JSON object with 'inputs'.", "body");
            }

            string? id = null;
            int[]? outputs = null;
            var hasInputs = false;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (reader.ValueTextEquals("id"u8))
                {
                    reader.Read();
                    id = reader.TokenType == JsonTokenType.String
                        ? reader.GetString()
                        : throw MlopsException.Validation($"'id' must be a string; got {InputErrors.Describe(ref reader)}.", "id");
                }
                else if (reader.ValueTextEquals("inputs"u8))
                {
                    reader.Read();
                    ParseInputs(ref reader, batch, maxRows, allowMissing, json.Length);
                    hasInputs = true;
                }
                else if (reader.ValueTextEquals("outputs"u8))
                {
                    reader.Read();
                    outputs = ParseOutputs(ref reader, schema);
                }
                else
                {
                    // "parameters" and extensions: nothing here changes how the model runs.
                    reader.Read();
                    reader.Skip();
                }
            }

            reader.Read();
            if (!hasInputs)
            {
                throw MlopsException.Validation("The request needs 'inputs', the list of input tensors.", "inputs");
            }

            for (var i = 0; i < schema.Inputs.Count; i++)
            {
                if (batch.Shapes[i] is null)
                {
                    var name = schema.Inputs[i].Name;
                    throw MlopsException.Validation(
                        $"Input '{name}' is missing; the model takes: {string.Join(", ", schema.InputNames)}.", name);
                }
            }

            return new InferRequest(batch, id, outputs is { Length: > 0 } ? outputs : schema.TensorOutputs);
        }
        catch (JsonException ex)
        {
            batch.Dispose();
            throw PredictRequestParser.MalformedJson(ex);
        }
        catch
        {
            batch.Dispose();
            throw;
        }
    }

    private static void ParseInputs(ref Utf8JsonReader reader, InputBatch batch, int maxRows, bool allowMissing, int bodyLength)
    {
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            throw MlopsException.Validation("'inputs' must be an array of tensors {name, shape, datatype, data}.", "inputs");
        }

        var position = 0;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (reader.TokenType != JsonTokenType.StartObject)
            {
                throw MlopsException.Validation(
                    $"inputs[{position}] must be an object {{name, shape, datatype, data}}; got {InputErrors.Describe(ref reader)}.", $"inputs[{position}]");
            }

            ParseInput(ref reader, batch, position, maxRows, allowMissing, bodyLength);
            position++;
        }

        if (position == 0)
        {
            throw MlopsException.Validation("'inputs' is empty; send one tensor per model input.", "inputs");
        }
    }

    private static void ParseInput(ref Utf8JsonReader reader, InputBatch batch, int position, int maxRows, bool allowMissing, int bodyLength)
    {
        var field = $"inputs[{position}]";
        string? name = null;
        string? datatype = null;
        long[]? shape = null;
        var data = default(Utf8JsonReader);
        var hasData = false;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("name"u8))
            {
                reader.Read();
                name = ReadString(ref reader, $"{field}.name");
            }
            else if (reader.ValueTextEquals("datatype"u8))
            {
                reader.Read();
                datatype = ReadString(ref reader, $"{field}.datatype");
            }
            else if (reader.ValueTextEquals("shape"u8))
            {
                reader.Read();
                shape = ReadShape(ref reader, $"{field}.shape");
            }
            else if (reader.ValueTextEquals("data"u8))
            {
                reader.Read();
                data = reader;
                hasData = true;
                reader.Skip();
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }

        var schema = batch.Schema;
        if (name is null)
        {
            throw MlopsException.Validation($"{field} needs a 'name'.", $"{field}.name");
        }

        var index = schema.FindInput(name);
        if (index < 0)
        {
            throw MlopsException.Validation(
                $"Input {InputErrors.Quote(name)} is not an input of this model; it takes: {string.Join(", ", schema.InputNames)}.", name);
        }

        if (batch.Shapes[index] is not null)
        {
            throw MlopsException.Validation($"Input '{name}' is given twice.", name);
        }

        var spec = schema.Inputs[index];
        if (datatype is null)
        {
            throw MlopsException.Validation($"Input '{name}' needs a 'datatype' ({spec.Datatype}).", $"{field}.datatype");
        }

        if (!string.Equals(datatype, spec.Datatype, StringComparison.Ordinal))
        {
            throw MlopsException.Validation(
                $"Input '{name}' has datatype {InputErrors.Quote(datatype)}; the model takes {spec.Datatype}.", $"{field}.datatype");
        }

        if (shape is null)
        {
            throw MlopsException.Validation($"Input '{name}' needs a 'shape'; the model takes {spec.ShapeText}.", $"{field}.shape");
        }

        var count = CheckShape(shape, spec, name, field, maxRows, bodyLength);
        var rows = shape.Length == 0 ? 1 : (int)shape[0];
        if (schema.Tabular is not null && batch.Rows > 0 && rows != batch.Rows)
        {
            throw MlopsException.Validation(
                $"Input '{name}' has {rows} rows but an earlier input has {batch.Rows}; every input needs the same batch size.", $"{field}.shape");
        }

        if (!hasData)
        {
            throw MlopsException.Validation($"Input '{name}' needs 'data'.", $"{field}.data");
        }

        var buffer = batch.Buffers[index];
        buffer.EnsureCapacity(count);
        ReadData(ref data, buffer, count, name, shape, allowMissing);
        batch.Shapes[index] = shape;
        batch.Counts[index] = count;
        batch.Rows = Math.Max(batch.Rows, rows);
    }

    private static int CheckShape(long[] shape, ModelTensor spec, string name, string field, int maxRows, int bodyLength)
    {
        var fits = shape.Length == spec.Shape.Length;
        for (var d = 0; fits && d < shape.Length; d++)
        {
            fits = spec.Shape[d] < 0 || spec.Shape[d] == shape[d];
        }

        if (!fits)
        {
            throw MlopsException.Validation(
                $"Input '{name}' has shape [{string.Join(",", shape)}]; the model takes {spec.ShapeText} (-1 is any size).", $"{field}.shape");
        }

        if (shape.Length > 0 && shape[0] > maxRows)
        {
            throw MlopsException.TooLarge(
                $"Input '{name}' has {shape[0]} rows, more than the limit of {maxRows} (Serving:MaxBatchRows); send smaller batches.", $"{field}.shape");
        }

        long count = 1;
        foreach (var dimension in shape)
        {
            // Each value takes at least two bytes of JSON, so a shape this large cannot match the data sent.
            if (dimension > bodyLength || (count *= dimension) > bodyLength)
            {
                throw MlopsException.Validation(
                    $"Input '{name}' has shape [{string.Join(",", shape)}], more values than the request body can hold.", $"{field}.shape");
            }
        }

        if (count == 0)
        {
            throw MlopsException.Validation($"Input '{name}' has shape [{string.Join(",", shape)}], which holds no values.", $"{field}.shape");
        }

        return (int)count;
    }

    private static void ReadData(ref Utf8JsonReader reader, TensorBuffer buffer, int count, string name, long[] shape, bool allowMissing)
    {
        var field = name;
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            throw MlopsException.Validation(
                $"Input '{name}' data must be an array (flat or nested, row-major); got {InputErrors.Describe(ref reader)}.", field);
        }

        var depth = 0;
        var index = 0;
        while (reader.Read())
        {
            if (reader.TokenType == JsonTokenType.StartArray)
            {
                depth++;
                continue;
            }

            if (reader.TokenType == JsonTokenType.EndArray)
            {
                if (depth-- == 0)
                {
                    break;
                }

                continue;
            }

            if (index == count)
            {
                throw MlopsException.Validation(
                    $"Input '{name}' has more than {count} values in data, which its shape [{string.Join(",", shape)}] holds.", field);
            }

            var error = buffer.Read(ref reader, index, allowMissing);
            if (error != ElementError.None)
            {
                throw InputErrors.Element(error, $"Input '{name}'", field, ref reader, $" at data element {index}", buffer.Kind, allowMissing);
            }

            index++;
        }

        if (index != count)
        {
            throw MlopsException.Validation(
                $"Input '{name}' has {index} values in data; its shape [{string.Join(",", shape)}] needs {count}.", field);
        }
    }

    private static int[] ParseOutputs(ref Utf8JsonReader reader, ModelSchema schema)
    {
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            throw MlopsException.Validation("'outputs' must be an array of {name} objects.", "outputs");
        }

        var outputs = new List<int>();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (reader.TokenType != JsonTokenType.StartObject)
            {
                throw MlopsException.Validation($"'outputs' must hold {{name}} objects; got {InputErrors.Describe(ref reader)}.", "outputs");
            }

            string? name = null;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var isName = reader.ValueTextEquals("name"u8);
                reader.Read();
                if (isName)
                {
                    name = ReadString(ref reader, "outputs.name");
                }
                else
                {
                    reader.Skip();
                }
            }

            if (name is null)
            {
                throw MlopsException.Validation("Each entry of 'outputs' needs a 'name'.", "outputs");
            }

            var index = schema.FindOutput(name);
            if (index < 0 || schema.Outputs[index].ValueKind != Onnx.ValueKind.Tensor)
            {
                var tensors = string.Join(", ", schema.TensorOutputs.Select(i => schema.OutputNames[i]));
                throw MlopsException.Validation(
                    index < 0
                        ? $"Output {InputErrors.Quote(name)} is not an output of this model; it has: {tensors}."
                        : $"Output '{name}' is a {schema.Outputs[index].ValueKind.ToString().ToLowerInvariant()}, which the protocol cannot return; tensor outputs: {tensors}.",
                    name);
            }

            if (!outputs.Contains(index))
            {
                outputs.Add(index);
            }
        }

        return [.. outputs];
    }

    private static string ReadString(ref Utf8JsonReader reader, string field) =>
        reader.TokenType == JsonTokenType.String
            ? reader.GetString()!
            : throw MlopsException.Validation($"'{field}' must be a string; got {InputErrors.Describe(ref reader)}.", field);

    private static long[] ReadShape(ref Utf8JsonReader reader, string field)
    {
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            throw MlopsException.Validation($"'{field}' must be an array of dimensions; got {InputErrors.Describe(ref reader)}.", field);
        }

        var shape = new List<long>(4);
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (reader.TokenType != JsonTokenType.Number || !reader.TryGetInt64(out var dimension) || dimension < 0 || shape.Count == 32)
            {
                throw MlopsException.Validation(
                    $"'{field}' must hold up to 32 non-negative whole numbers; got {InputErrors.Describe(ref reader)}.", field);
            }

            shape.Add(dimension);
        }

        return [.. shape];
    }
}
