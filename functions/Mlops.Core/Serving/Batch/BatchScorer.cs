using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Blobs.Specialized;
using CsvHelper;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Mlops.Core.Diagnostics;
using Mlops.Core.Monitoring;
using Mlops.Core.Onnx;
using Mlops.Core.Registry;
using Mlops.Core.Storage;
using Mlops.Core.Training.Data;
using Parquet;
using Parquet.Schema;

namespace Mlops.Core.Serving.Batch;

/// <summary>
/// Scores a CSV, TSV, Parquet or JSON-lines blob with one model version, a chunk of rows at a time (memory stays at one
/// chunk, or one Parquet row group), through the same request parser, session and prediction writer as online
/// serving. The output is staged block by block and committed at the end, so it appears whole or not at all and a
/// retried run rewrites it identically; each chunk is also a prediction log record.
/// </summary>
internal sealed partial class BatchScorer(
    BlobServiceClient blobs,
    StorageNames names,
    ServingEngine engine,
    IPredictionLog log,
    IOptions<ServingOptions> options,
    TimeProvider time,
    ILogger<BatchScorer> logger)
{
    public const string OutputContainer = "scoring-output";
    private const string Field = "blob";

    public async Task<BatchScoringResult> ScoreAsync(BatchScoringInput input, string runId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        var started = time.GetUtcNow();
        var source = blobs.GetBlobContainerClient(names.Container(input.Container)).GetBlobClient(input.BlobName);
        var outputName = input.BlobName + ".predictions.jsonl";
        var output = blobs.GetBlobContainerClient(names.Container(OutputContainer)).GetBlockBlobClient(outputName);
        var lease = await engine.AcquireAsync(input.Model, new ModelReference(input.Version, null), cancellationToken).ConfigureAwait(false);
        long rows;
        var blocks = new List<string>();
        try
        {
            var model = lease.Model;
            var layout = model.Schema.Tabular ?? throw MlopsException.Unprocessable(
                $"Model '{model.Name}' version {model.VersionText} cannot score tabular files: {model.Schema.TabularProblem}.", "model");
            var chunks = new ChunkBuilder(model.Schema, layout);
            var chunkRows = Math.Max(1, options.Value.MaxBatchRows);
            await using var stream = await OpenAsync(source, input, cancellationToken).ConfigureAwait(false);
            var scoring = new ChunkScorer(log, time, options.Value.AllowMissingValues, model, input, runId, output, blocks, cancellationToken);
            rows = input.BlobName.EndsWith(".jsonl", StringComparison.OrdinalIgnoreCase) || input.BlobName.EndsWith(".ndjson", StringComparison.OrdinalIgnoreCase)
                ? await ReadJsonLinesAsync(stream, chunks, chunkRows, scoring, cancellationToken).ConfigureAwait(false)
                : DataFormats.FromFileName(input.BlobName) switch
                {
                    DataFormat.Csv => await ReadDelimitedAsync(stream, ',', chunks, chunkRows, scoring, cancellationToken).ConfigureAwait(false),
                    DataFormat.Tsv => await ReadDelimitedAsync(stream, '\t', chunks, chunkRows, scoring, cancellationToken).ConfigureAwait(false),
                    DataFormat.Parquet => await ReadParquetAsync(stream, chunks, chunkRows, scoring, cancellationToken).ConfigureAwait(false),
                    _ => throw MlopsException.Validation(
                        $"'{input.BlobName}' has no format the platform scores; use .csv, .tsv, .parquet or .jsonl.", Field),
                };
        }
        finally
        {
            lease.Dispose();
        }

        await output.CommitBlockListAsync(
            blocks,
            new CommitBlockListOptions { HttpHeaders = new BlobHttpHeaders { ContentType = "application/x-ndjson" } },
            cancellationToken).ConfigureAwait(false);
        var inputUri = $"blob://{input.Container}/{input.BlobName}";
        var outputUri = $"blob://{OutputContainer}/{outputName}";
        var manifestName = input.BlobName + ".manifest.json";
        var manifest = new
        {
            input = inputUri,
            etag = input.ETag,
            output = outputUri,
            model = input.Model,
            version = input.Version,
            alias = input.Alias,
            rows,
            runId,
            startedAt = started,
            completedAt = time.GetUtcNow(),
        };
        await blobs.GetBlobContainerClient(names.Container(OutputContainer)).GetBlobClient(manifestName)
            .UploadAsync(BinaryData.FromObjectAsJson(manifest, Api.MlopsJson.Options), overwrite: true, cancellationToken).ConfigureAwait(false);
        LogScored(logger, rows, inputUri, input.Model, input.Version);
        return new BatchScoringResult(inputUri, outputUri, $"blob://{OutputContainer}/{manifestName}", input.Model, input.Version, input.Alias, rows);
    }

    private static async Task<Stream> OpenAsync(BlobClient source, BatchScoringInput input, CancellationToken cancellationToken)
    {
        try
        {
            var conditions = new BlobRequestConditions { IfMatch = new ETag(input.ETag) };
            return await source.OpenReadAsync(new BlobOpenReadOptions(allowModifications: false) { Conditions = conditions }, cancellationToken).ConfigureAwait(false);
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            throw MlopsException.NotFound($"'{input.BlobName}' is no longer in {input.Container}; nothing was scored.", Field);
        }
        catch (RequestFailedException e) when (e.Status == 412)
        {
            throw MlopsException.Conflict(
                $"'{input.BlobName}' was replaced after it was dropped (ETag {input.ETag}); the new content is scored by its own run.", Field);
        }
    }

    private static async Task<long> ReadDelimitedAsync(Stream stream, char separator, ChunkBuilder chunks, int chunkRows, ChunkScorer scoring, CancellationToken cancellationToken)
    {
        var csv = CsvReader.Create(stream, CsvTableReader.Options(separator), leaveOpen: true);
        await using (csv.ConfigureAwait(false))
        {
            try
            {
                await csv.ReadHeaderAsync(cancellationToken).ConfigureAwait(false);
                var positions = chunks.MapHeader([.. csv.Headers.Select(h => h.Trim())]);
                var values = new string?[positions.Length];
                while (await csv.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    if (csv.FieldCount != csv.Headers.Count)
                    {
                        throw MlopsException.Validation(
                            $"Data row {csv.RowNumber} has {csv.FieldCount} fields but the header has {csv.Headers.Count}; check the quoting and the separator.",
                            Field);
                    }

                    for (var i = 0; i < positions.Length; i++)
                    {
                        values[i] = csv.GetString(positions[i]);
                    }

                    chunks.AddTextRow(values);
                    if (chunks.Rows == chunkRows)
                    {
                        await scoring.ScoreAsync(chunks).ConfigureAwait(false);
                    }
                }
            }
            catch (CsvFormatException e)
            {
                throw MlopsException.Validation($"The file is not valid CSV at record {e.RecordNumber}: {e.Message}", Field, e);
            }
        }

        await scoring.ScoreAsync(chunks).ConfigureAwait(false);
        return scoring.Scored;
    }

    private static async Task<long> ReadJsonLinesAsync(Stream stream, ChunkBuilder chunks, int chunkRows, ChunkScorer scoring, CancellationToken cancellationToken)
    {
        using var text = new StreamReader(stream, Encoding.UTF8, detectEncodingFromByteOrderMarks: true, bufferSize: 64 * 1024, leaveOpen: true);
        var lineNumber = 0;
        while (await text.ReadLineAsync(cancellationToken).ConfigureAwait(false) is { } line)
        {
            lineNumber++;
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            try
            {
                using var row = JsonDocument.Parse(line);
                chunks.AddJsonRow(row.RootElement, lineNumber);
            }
            catch (JsonException e)
            {
                throw MlopsException.Validation($"Line {lineNumber} is not a JSON object: {e.Message}", Field, e);
            }

            if (chunks.Rows == chunkRows)
            {
                await scoring.ScoreAsync(chunks).ConfigureAwait(false);
            }
        }

        await scoring.ScoreAsync(chunks).ConfigureAwait(false);
        return scoring.Scored;
    }

    private static async Task<long> ReadParquetAsync(Stream stream, ChunkBuilder chunks, int chunkRows, ChunkScorer scoring, CancellationToken cancellationToken)
    {
        ParquetReader reader;
        try
        {
            reader = await ParquetReader.CreateAsync(stream, parquetOptions: null, leaveStreamOpen: true, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            throw MlopsException.Validation($"The file is not valid Parquet: {e.Message}", Field, e);
        }

        await using var disposeReader = reader.ConfigureAwait(false);
        var fields = reader.Schema.GetDataFields();
        var positions = chunks.MapHeader([.. fields.Select(f => f.Name)]);
        var values = new object?[positions.Length];
        for (var g = 0; g < reader.RowGroupCount; g++)
        {
            var group = reader.OpenRowGroupReader(g);
            var rowCount = checked((int)group.RowCount);
            var columns = new Array[positions.Length];
            for (var i = 0; i < positions.Length; i++)
            {
                columns[i] = await ReadValuesAsync(group, fields[positions[i]], rowCount, cancellationToken).ConfigureAwait(false);
            }

            for (var r = 0; r < rowCount; r++)
            {
                for (var i = 0; i < columns.Length; i++)
                {
                    values[i] = columns[i].GetValue(r);
                }

                chunks.AddValueRow(values);
                if (chunks.Rows == chunkRows)
                {
                    await scoring.ScoreAsync(chunks).ConfigureAwait(false);
                }
            }
        }

        await scoring.ScoreAsync(chunks).ConfigureAwait(false);
        return scoring.Scored;
    }

    // One row group's values of a column, boxed per cell by the caller: scoring needs the values, not typed builders.
    private static async Task<Array> ReadValuesAsync(ParquetRowGroupReader group, DataField field, int rows, CancellationToken cancellationToken)
    {
        var type = field.ClrType;
        return type switch
        {
            _ when type == typeof(double) => await ReadAsync<double>().ConfigureAwait(false),
            _ when type == typeof(float) => await ReadAsync<float>().ConfigureAwait(false),
            _ when type == typeof(long) => await ReadAsync<long>().ConfigureAwait(false),
            _ when type == typeof(int) => await ReadAsync<int>().ConfigureAwait(false),
            _ when type == typeof(short) => await ReadAsync<short>().ConfigureAwait(false),
            _ when type == typeof(decimal) => await ReadAsync<decimal>().ConfigureAwait(false),
            _ when type == typeof(bool) => await ReadAsync<bool>().ConfigureAwait(false),
            _ when type == typeof(DateTime) => await ReadAsync<DateTime>().ConfigureAwait(false),
            _ when type == typeof(string) || type == typeof(ReadOnlyMemory<char>) => await ReadStringsAsync().ConfigureAwait(false),
            _ => throw MlopsException.Validation($"Column '{field.Name}' has Parquet type {type.Name}, which scoring does not read.", field.Name),
        };

        async Task<Array> ReadAsync<T>()
            where T : struct => await ParquetColumns.ReadAsync<T>(group, field, rows, cancellationToken).ConfigureAwait(false);

        async Task<Array> ReadStringsAsync()
        {
            var values = new string?[rows];
            await group.ReadAsync(field, values.AsMemory(), repetitionLevels: null, cancellationToken).ConfigureAwait(false);
            return values;
        }
    }

    [LoggerMessage(EventId = LogEvents.Serving + 40, Level = LogLevel.Information, Message = "Scored {Rows} rows of {Input} with {Model} version {Version}")]
    private static partial void LogScored(ILogger logger, long rows, string input, string model, int version);

    /// <summary>Scores the chunk built so far, stages its lines as one block of the output, logs it, and resets it.</summary>
    private sealed class ChunkScorer(
        IPredictionLog log,
        TimeProvider time,
        bool allowMissing,
        ServedModel model,
        BatchScoringInput input,
        string runId,
        BlockBlobClient output,
        List<string> blocks,
        CancellationToken cancellationToken)
    {
        private readonly ArrayBufferWriter<byte> _lines = new(64 * 1024);

        public long Scored { get; private set; }

        public async Task ScoreAsync(ChunkBuilder chunk)
        {
            if (chunk.Rows == 0)
            {
                return;
            }

            var json = chunk.Finish();
            var started = time.GetTimestamp();
            byte[] predictions;
            ReadOnlyMemory<byte> inputs = default;
            try
            {
                using var batch = PredictRequestParser.Parse(json.Span, model.Schema, chunk.Rows, allowMissing);
                var outputs = model.Run(batch);
                try
                {
                    var writer = JsonWriterCache.Rent(out var buffer);
                    PredictionWriter.WritePredictions(writer, outputs, batch.Rows);
                    predictions = JsonWriterCache.ToArrayAndReturn(writer, buffer);
                }
                finally
                {
                    foreach (var value in outputs)
                    {
                        value.Dispose();
                    }
                }

                if (log.IsEnabled)
                {
                    inputs = PredictionWriter.RawInputRowsToArray(json.Span, batch);
                }
            }
            catch (MlopsException e)
            {
                throw MlopsException.Validation(
                    string.Create(CultureInfo.InvariantCulture, $"Rows {Scored + 1}-{Scored + chunk.Rows} of '{input.BlobName}' (data rows, 1-based): {e.Message}"),
                    e.Field ?? Field,
                    e);
            }

            _lines.ResetWrittenCount();
            WriteLines(predictions, Scored);
            var blockId = Convert.ToBase64String(Encoding.ASCII.GetBytes(blocks.Count.ToString("D8", CultureInfo.InvariantCulture)));
            await output.StageBlockAsync(blockId, new BinaryData(_lines.WrittenMemory).ToStream(), cancellationToken: cancellationToken).ConfigureAwait(false);

            blocks.Add(blockId);
            if (log.IsEnabled)
            {
                var chunkNumber = blocks.Count;
                await log.AppendAsync(
                    new PredictionRecord(
                        string.Create(CultureInfo.InvariantCulture, $"{runId}-{chunkNumber:D6}"),
                        time.GetUtcNow(),
                        model.Name,
                        model.Number,
                        input.Alias,
                        chunk.Rows,
                        inputs,
                        predictions,
                        time.GetElapsedTime(started).TotalMilliseconds),
                    cancellationToken).ConfigureAwait(false);
            }

            Scored += chunk.Rows;
            chunk.Reset();
        }

        // One line per row: {"row": n, "prediction": <the same JSON the predict route returns for that row>}.
        private void WriteLines(byte[] predictions, long firstRow)
        {
            var reader = new Utf8JsonReader(predictions);
            reader.Read(); // the array
            var row = firstRow;
            using var writer = new Utf8JsonWriter(_lines);
            while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
            {
                var start = (int)reader.TokenStartIndex;
                reader.Skip();
                writer.WriteStartObject();
                writer.WriteNumber("row"u8, row++);
                writer.WritePropertyName("prediction"u8);
                writer.WriteRawValue(predictions.AsSpan(start, (int)reader.BytesConsumed - start), skipInputValidation: true);
                writer.WriteEndObject();
                writer.Flush();
                _lines.Write("\n"u8);
                writer.Reset(_lines);
            }
        }
    }

    /// <summary>Builds a <c>dataframe_split</c> body of the model's columns from rows of text, JSON or Parquet values.</summary>
    private sealed class ChunkBuilder
    {
        private readonly ArrayBufferWriter<byte> _buffer = new(64 * 1024);
        private readonly Utf8JsonWriter _writer;
        private readonly TabularLayout _layout;
        private readonly TensorElementKind[] _kinds;

        public ChunkBuilder(ModelSchema schema, TabularLayout layout)
        {
            _layout = layout;
            _kinds = [.. layout.Columns.Select(c => schema.Inputs[c.Input].ElementKind)];
            _writer = new Utf8JsonWriter(_buffer);
            Reset();
        }

        public int Rows { get; private set; }

        /// <summary>Where each model column is in the file's columns; a missing one is an error naming them all.</summary>
        public int[] MapHeader(IReadOnlyList<string> header)
        {
            var positions = new int[_layout.Columns.Count];
            var missing = new List<string>();
            for (var i = 0; i < positions.Length; i++)
            {
                positions[i] = IndexOf(header, _layout.Columns[i].Name);
                if (positions[i] < 0)
                {
                    missing.Add(_layout.Columns[i].Name);
                }
            }

            return missing.Count == 0
                ? positions
                : throw MlopsException.Validation(
                    $"The file lacks the model's column(s) {string.Join(", ", missing)}; it has {string.Join(", ", header.Take(20))}. " +
                    $"The model takes {_layout.ColumnList}; other columns are ignored.",
                    Field);
        }

        public void AddTextRow(ReadOnlySpan<string?> values)
        {
            _writer.WriteStartArray();
            for (var i = 0; i < values.Length; i++)
            {
                WriteText(values[i], _kinds[i]);
            }

            _writer.WriteEndArray();
            Rows++;
        }

        public void AddValueRow(ReadOnlySpan<object?> values)
        {
            _writer.WriteStartArray();
            for (var i = 0; i < values.Length; i++)
            {
                switch (values[i])
                {
                    case null:
                        _writer.WriteNullValue();
                        break;
                    case bool b:
                        _writer.WriteBooleanValue(b);
                        break;
                    case string s:
                        WriteText(s, _kinds[i]);
                        break;
                    case DateTime or DateTimeOffset:
                        _writer.WriteStringValue(Convert.ToString(values[i], CultureInfo.InvariantCulture));
                        break;
                    case IConvertible number:
                        _writer.WriteNumberValue(number.ToDouble(CultureInfo.InvariantCulture));
                        break;
                    default:
                        _writer.WriteStringValue(values[i]!.ToString());
                        break;
                }
            }

            _writer.WriteEndArray();
            Rows++;
        }

        public void AddJsonRow(JsonElement row, int lineNumber)
        {
            if (row.ValueKind != JsonValueKind.Object)
            {
                throw MlopsException.Validation(string.Create(CultureInfo.InvariantCulture, $"Line {lineNumber} is not a JSON object."), Field);
            }

            _writer.WriteStartArray();
            foreach (var column in _layout.Columns)
            {
                if (row.TryGetProperty(column.Name, out var value))
                {
                    value.WriteTo(_writer);
                }
                else
                {
                    throw MlopsException.Validation(
                        string.Create(CultureInfo.InvariantCulture, $"Line {lineNumber} lacks the model's column '{column.Name}'."), column.Name);
                }
            }

            _writer.WriteEndArray();
            Rows++;
        }

        public ReadOnlyMemory<byte> Finish()
        {
            _writer.WriteEndArray();
            _writer.WriteEndObject();
            _writer.WriteEndObject();
            _writer.Flush();
            return _buffer.WrittenMemory;
        }

        public void Reset()
        {
            _buffer.ResetWrittenCount();
            _writer.Reset(_buffer);
            Rows = 0;
            _writer.WriteStartObject();
            _writer.WriteStartObject("dataframe_split"u8);
            _writer.WriteStartArray("columns"u8);
            foreach (var column in _layout.Columns)
            {
                _writer.WriteStringValue(column.JsonName);
            }

            _writer.WriteEndArray();
            _writer.WriteStartArray("data"u8);
        }

        private static int IndexOf(IReadOnlyList<string> header, string name)
        {
            for (var i = 0; i < header.Count; i++)
            {
                if (string.Equals(header[i].Trim(), name, StringComparison.Ordinal))
                {
                    return i;
                }
            }

            return -1;
        }

        // Text cells take the JSON type the column's tensor needs; what does not parse goes through as a string, so the
        // request parser reports it with the same message an online request would get.
        private void WriteText(string? text, TensorElementKind kind)
        {
            if (string.IsNullOrEmpty(text))
            {
                _writer.WriteNullValue();
                return;
            }

            switch (kind)
            {
                case TensorElementKind.String:
                    _writer.WriteStringValue(text);
                    break;
                case TensorElementKind.Bool when bool.TryParse(text, out var flag):
                    _writer.WriteBooleanValue(flag);
                    break;
                case TensorElementKind.Bool when text is "0" or "1":
                    _writer.WriteBooleanValue(text == "1");
                    break;
                case not TensorElementKind.Bool when double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) && double.IsFinite(number):
                    _writer.WriteNumberValue(number);
                    break;
                default:
                    _writer.WriteStringValue(text);
                    break;
            }
        }
    }
}
