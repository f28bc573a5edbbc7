using System.Buffers;
using System.Text.Json;
using Mlops.Core.Diagnostics;

namespace Mlops.Core.Serving;

/// <summary>
/// Parses the predict route's body straight from UTF-8 into pooled tensor buffers. Three shapes are accepted, exactly
/// one per request: <c>{"inputs": [{column: value, ...}, ...]}</c>, MLflow's <c>{"dataframe_records": [...]}</c> (the
/// same rows) and MLflow's <c>{"dataframe_split": {"columns": [...], "data": [[...], ...]}}</c>. Columns are those of
/// <see cref="ModelSchema.Tabular"/>; every row gives each exactly once.
/// </summary>
internal static class PredictRequestParser
{
    public const string RecordsKey = "inputs";
    public const string DataframeRecordsKey = "dataframe_records";
    public const string DataframeSplitKey = "dataframe_split";
    private const string Formats = "'inputs', 'dataframe_records' or 'dataframe_split'";
    private const string SplitColumnsField = "dataframe_split.columns";
    private const string SplitDataField = "dataframe_split.data";

    /// <summary>Parses and validates the body; throws a 400 (or 413 for too many rows) naming the field at fault.</summary>
    public static InputBatch Parse(ReadOnlySpan<byte> json, ModelSchema schema, int maxRows, bool allowMissing)
    {
        var layout = schema.Tabular ?? throw new InvalidOperationException("The model's inputs are not tabular.");
        if (json.IsEmpty)
        {
            throw MlopsException.Validation($"The request body is empty; send a JSON object with one of {Formats}.", "body");
        }

        var batch = new InputBatch(schema, 1);
        var filled = ArrayPool<bool>.Shared.Rent(layout.PositionCount);
        try
        {
            var context = new Context(batch, layout, filled, maxRows, allowMissing);
            var reader = new Utf8JsonReader(json);
            var rows = ParseRoot(ref reader, context);
            foreach (var input in schema.Inputs)
            {
                if (input.FixedRows is { } fixedRows && fixedRows != rows)
                {
                    throw MlopsException.Validation(
                        $"The model takes exactly {fixedRows} row(s) per request (input '{input.Name}' has shape {input.ShapeText}); got {rows}.", "body");
                }
            }

            batch.SetRows(rows);
            return batch;
        }
        catch (JsonException ex)
        {
            batch.Dispose();
            throw MalformedJson(ex);
        }
        catch
        {
            batch.Dispose();
            throw;
        }
        finally
        {
            ArrayPool<bool>.Shared.Return(filled);
        }
    }

    /// <summary>The 400 for a body that is not JSON, with where it broke.</summary>
    public static MlopsException MalformedJson(JsonException ex) =>
        MlopsException.Validation(
            $"The request body is not valid JSON (line {ex.LineNumber + 1}, byte {ex.BytePositionInLine + 1}): {FirstSentence(ex.Message)}",
            "body",
            ex);

    private static int ParseRoot(ref Utf8JsonReader reader, Context context)
    {
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            throw MlopsException.Validation($"The request body must be a JSON object with one of {Formats}.", "body");
        }

        string? format = null;
        var rows = 0;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var key = reader.ValueTextEquals(RecordsKey) ? RecordsKey
                : reader.ValueTextEquals(DataframeRecordsKey) ? DataframeRecordsKey
                : reader.ValueTextEquals(DataframeSplitKey) ? DataframeSplitKey
                : null;
            if (key is null)
            {
                var name = reader.GetString() ?? string.Empty;
                throw MlopsException.Validation($"Unknown key {InputErrors.Quote(name)}; send exactly one of {Formats}.", name);
            }

            if (format is not null)
            {
                throw MlopsException.Validation($"Send exactly one of {Formats}; got both '{format}' and '{key}'.", key);
            }

            format = key;
            reader.Read();
            rows = key == DataframeSplitKey ? ParseSplit(ref reader, context) : ParseRecords(ref reader, context, key);
        }

        if (format is null)
        {
            throw MlopsException.Validation($"The request body has none of {Formats}; send exactly one.", "body");
        }

        // Throws on anything after the object.
        reader.Read();
        return rows;
    }

    private static int ParseRecords(ref Utf8JsonReader reader, Context context, string key)
    {
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            throw MlopsException.Validation($"'{key}' must be an array of rows, each an object of column: value.", key);
        }

        var rows = 0;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            context.CheckRowLimit(rows, key);
            if (reader.TokenType != JsonTokenType.StartObject)
            {
                throw MlopsException.Validation(
                    $"Row {rows} of '{key}' must be an object of column: value; got {InputErrors.Describe(ref reader)}.", key);
            }

            context.BeginRow(rows);
            var expected = 0;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var column = context.Layout.Find(ref reader, expected) ?? throw context.UnknownColumn(reader.GetString() ?? string.Empty);
                expected = column.Position + column.Width;
                reader.Read();
                Fill(ref reader, context, column, rows, mark: true);
            }

            context.EndRow(rows);
            rows++;
        }

        if (rows == 0)
        {
            throw MlopsException.Validation($"'{key}' has no rows; send at least one.", key);
        }

        return rows;
    }

    private static int ParseSplit(ref Utf8JsonReader reader, Context context)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            throw MlopsException.Validation($"'{DataframeSplitKey}' must be an object with 'columns' and 'data'.", DataframeSplitKey);
        }

        InputColumn[]? columns = null;
        var data = default(Utf8JsonReader);
        var hasData = false;
        var rows = -1;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("columns"u8))
            {
                if (columns is not null)
                {
                    throw MlopsException.Validation($"'{SplitColumnsField}' is given twice.", SplitColumnsField);
                }

                reader.Read();
                columns = ParseSplitColumns(ref reader, context);
            }
            else if (reader.ValueTextEquals("data"u8))
            {
                if (hasData)
                {
                    throw MlopsException.Validation($"'{SplitDataField}' is given twice.", SplitDataField);
                }

                hasData = true;
                reader.Read();
                if (columns is null)
                {
                    // 'data' before 'columns': remember where it is and come back once the columns are known.
                    data = reader;
                    reader.Skip();
                }
                else
                {
                    rows = ParseSplitData(ref reader, context, columns);
                }
            }
            else if (reader.ValueTextEquals("index"u8))
            {
                // pandas' orient="split" includes the row index; it carries nothing the model needs.
                reader.Read();
                reader.Skip();
            }
            else
            {
                var name = reader.GetString() ?? string.Empty;
                throw MlopsException.Validation(
                    $"Unknown key {InputErrors.Quote(name)} in '{DataframeSplitKey}'; it takes 'columns' and 'data'.", $"{DataframeSplitKey}.{name}");
            }
        }

        if (columns is null)
        {
            throw MlopsException.Validation($"'{DataframeSplitKey}' needs 'columns', the list of column names.", SplitColumnsField);
        }

        if (!hasData)
        {
            throw MlopsException.Validation($"'{DataframeSplitKey}' needs 'data', the rows as arrays of values in 'columns' order.", SplitDataField);
        }

        return rows >= 0 ? rows : ParseSplitData(ref data, context, columns);
    }

    private static InputColumn[] ParseSplitColumns(ref Utf8JsonReader reader, Context context)
    {
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            throw MlopsException.Validation($"'{SplitColumnsField}' must be an array of column names.", SplitColumnsField);
        }

        var columns = new List<InputColumn>(context.Layout.PositionCount);
        context.BeginRow(0);
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (reader.TokenType != JsonTokenType.String)
            {
                throw MlopsException.Validation(
                    $"'{SplitColumnsField}' must hold column names as strings; got {InputErrors.Describe(ref reader)}.", SplitColumnsField);
            }

            var column = context.Layout.Find(ref reader, columns.Count) ?? throw context.UnknownColumn(reader.GetString() ?? string.Empty);
            for (var k = 0; k < column.Width; k++)
            {
                var position = column.Position + k;
                if (context.Filled[position])
                {
                    throw MlopsException.Validation(
                        $"Column '{context.Layout.Columns[position].Name}' is listed twice in '{SplitColumnsField}'.", context.Layout.Columns[position].Name);
                }

                context.Filled[position] = true;
            }

            columns.Add(column);
        }

        for (var position = 0; position < context.Layout.PositionCount; position++)
        {
            if (!context.Filled[position])
            {
                var name = context.Layout.Columns[position].Name;
                throw MlopsException.Validation(
                    $"Feature '{name}' is missing from '{SplitColumnsField}'; the model needs: {context.Layout.ColumnList}.", name);
            }
        }

        return [.. columns];
    }

    private static int ParseSplitData(ref Utf8JsonReader reader, Context context, InputColumn[] columns)
    {
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            throw MlopsException.Validation(
                $"'{SplitDataField}' must be an array of rows, each an array of values in 'columns' order.", SplitDataField);
        }

        var rows = 0;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            context.CheckRowLimit(rows, SplitDataField);
            if (reader.TokenType != JsonTokenType.StartArray)
            {
                throw MlopsException.Validation(
                    $"Row {rows} of '{SplitDataField}' must be an array of {columns.Length} values in 'columns' order; got {InputErrors.Describe(ref reader)}.",
                    SplitDataField);
            }

            context.EnsureCapacity(rows);
            for (var j = 0; j < columns.Length; j++)
            {
                if (!reader.Read() || reader.TokenType == JsonTokenType.EndArray)
                {
                    throw MlopsException.Validation(
                        $"Row {rows} of '{SplitDataField}' has {j} values; 'columns' lists {columns.Length}.", SplitDataField);
                }

                Fill(ref reader, context, columns[j], rows, mark: false);
            }

            if (!reader.Read() || reader.TokenType != JsonTokenType.EndArray)
            {
                throw MlopsException.Validation(
                    $"Row {rows} of '{SplitDataField}' has more values than the {columns.Length} in 'columns'.", SplitDataField);
            }

            rows++;
        }

        if (rows == 0)
        {
            throw MlopsException.Validation($"'{SplitDataField}' has no rows; send at least one.", SplitDataField);
        }

        return rows;
    }

    private static void Fill(ref Utf8JsonReader reader, Context context, InputColumn column, int row, bool mark)
    {
        var buffer = context.Batch.Buffers[column.Input];
        var start = (row * context.Batch.Schema.Inputs[column.Input].RowSize) + column.Offset;
        if (!column.IsVector)
        {
            if (mark)
            {
                context.Mark(column.Position, row);
            }

            Store(ref reader, context, buffer, start, column.Name, row);
            context.Batch.SetRawValue(row, column.Position, reader.TokenStartIndex, reader.BytesConsumed);
            return;
        }

        if (reader.TokenType != JsonTokenType.StartArray)
        {
            throw MlopsException.Validation(
                $"Column '{column.Name}' must be an array of the {column.Width} feature values{Where(row)}; got {InputErrors.Describe(ref reader)}.",
                column.Name);
        }

        for (var k = 0; k < column.Width; k++)
        {
            if (!reader.Read() || reader.TokenType == JsonTokenType.EndArray)
            {
                throw MlopsException.Validation(
                    $"Column '{column.Name}' has {k} values{Where(row)}; the model takes {column.Width}.", column.Name);
            }

            if (mark)
            {
                context.Mark(column.Position + k, row);
            }

            Store(ref reader, context, buffer, start + k, context.Layout.Columns[column.Position + k].Name, row);
            context.Batch.SetRawValue(row, column.Position + k, reader.TokenStartIndex, reader.BytesConsumed);
        }

        if (!reader.Read() || reader.TokenType != JsonTokenType.EndArray)
        {
            throw MlopsException.Validation(
                $"Column '{column.Name}' has more than {column.Width} values{Where(row)}; the model takes {column.Width}.", column.Name);
        }
    }

    private static void Store(ref Utf8JsonReader reader, Context context, TensorBuffer buffer, int index, string name, int row)
    {
        var error = buffer.Read(ref reader, index, context.AllowMissing);
        if (error != ElementError.None)
        {
            throw InputErrors.Element(error, $"Feature '{name}'", name, ref reader, Where(row), buffer.Kind, context.AllowMissing);
        }
    }

    private static string Where(int row) => row == 0 ? string.Empty : $" in row {row}";

    private static string FirstSentence(string message)
    {
        var end = message.IndexOf(". ", StringComparison.Ordinal);
        return end < 0 ? message : message[..(end + 1)];
    }

    private sealed class Context(InputBatch batch, TabularLayout layout, bool[] filled, int maxRows, bool allowMissing)
    {
        public InputBatch Batch { get; } = batch;

        public TabularLayout Layout { get; } = layout;

        public bool[] Filled { get; } = filled;

        public bool AllowMissing { get; } = allowMissing;

        public void CheckRowLimit(int rows, string field)
        {
            if (rows >= maxRows)
            {
                throw MlopsException.TooLarge(
                    $"The request has more than {maxRows} rows, the limit (Serving:MaxBatchRows); send smaller batches.", field);
            }
        }

        public void EnsureCapacity(int row)
        {
            Batch.EnsureRawCapacity(row + 1);
            for (var i = 0; i < Batch.Buffers.Length; i++)
            {
                Batch.Buffers[i].EnsureCapacity((row + 1) * Batch.Schema.Inputs[i].RowSize);
            }
        }

        public void BeginRow(int row)
        {
            EnsureCapacity(row);
            Array.Clear(Filled, 0, Layout.PositionCount);
        }

        public void Mark(int position, int row)
        {
            if (Filled[position])
            {
                var name = Layout.Columns[position].Name;
                throw MlopsException.Validation($"Feature '{name}' is given twice{Where(row)}.", name);
            }

            Filled[position] = true;
        }

        public void EndRow(int row)
        {
            var missing = Array.IndexOf(Filled, false, 0, Layout.PositionCount);
            if (missing >= 0)
            {
                var name = Layout.Columns[missing].Name;
                throw MlopsException.Validation($"Feature '{name}' is missing{Where(row)}; every row needs: {Layout.ColumnList}.", name);
            }
        }

        public MlopsException UnknownColumn(string name) =>
            MlopsException.Validation(
                $"Column {InputErrors.Quote(name)} is not an input of this model; its columns are: {Layout.ColumnList}.", name);
    }
}
