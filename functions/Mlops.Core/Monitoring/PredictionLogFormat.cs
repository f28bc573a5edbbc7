using System.Buffers;
using System.Globalization;
using System.Text.Json;

namespace Mlops.Core.Monitoring;

/// <summary>
/// The prediction log's layout: blob <c>{model}/date=YYYY-MM-DD/hour=HH/{writerId}-{sequence}.jsonl.gz</c> in the
/// <c>predictions</c> container (Hive-style partitions, so Spark, DuckDB or pandas read it as is), gzip-compressed
/// JSON lines (older uncompressed <c>.jsonl</c> blobs are still read), one JSON object a line:
/// <c>{"requestId","timestamp","model","version","alias","rows","latencyMs","inputs":[...],"outputs":[...]}</c>, plus
/// <c>"features":{...}</c> for predictions whose features were looked up online.
/// </summary>
internal static class PredictionLogFormat
{
    /// <summary>The logical container name (resolve through StorageNames).</summary>
    public const string Container = "predictions";

    public const string ContentType = "application/gzip";

    private const string Extension = ".jsonl.gz";
    private const string PlainExtension = ".jsonl";

    private static readonly JsonEncodedText RequestIdName = JsonEncodedText.Encode("requestId");
    private static readonly JsonEncodedText TimestampName = JsonEncodedText.Encode("timestamp");
    private static readonly JsonEncodedText ModelName = JsonEncodedText.Encode("model");
    private static readonly JsonEncodedText VersionName = JsonEncodedText.Encode("version");
    private static readonly JsonEncodedText AliasName = JsonEncodedText.Encode("alias");
    private static readonly JsonEncodedText RowsName = JsonEncodedText.Encode("rows");
    private static readonly JsonEncodedText LatencyName = JsonEncodedText.Encode("latencyMs");
    private static readonly JsonEncodedText InputsName = JsonEncodedText.Encode("inputs");
    private static readonly JsonEncodedText OutputsName = JsonEncodedText.Encode("outputs");
    private static readonly JsonEncodedText FeaturesName = JsonEncodedText.Encode("features");

    /// <summary>The hour a record belongs to: its own timestamp in UTC, truncated (never the writer's clock).</summary>
    public static DateTime HourOf(DateTimeOffset timestamp)
    {
        var utc = timestamp.UtcDateTime;
        return new DateTime(utc.Year, utc.Month, utc.Day, utc.Hour, 0, 0, DateTimeKind.Utc);
    }

    public static string DayPrefix(string model, DateOnly day) =>
        string.Create(CultureInfo.InvariantCulture, $"{model}/date={day:yyyy-MM-dd}/");

    public static string HourPrefix(string model, DateTime hour) =>
        string.Create(CultureInfo.InvariantCulture, $"{model}/date={hour:yyyy-MM-dd}/hour={hour:HH}/");

    public static string BlobName(string model, DateTime hour, string writerId, long sequence) =>
        string.Create(CultureInfo.InvariantCulture, $"{model}/date={hour:yyyy-MM-dd}/hour={hour:HH}/{writerId}-{sequence:D10}{Extension}");

    /// <summary>True for blobs written compressed (all new ones); plain <c>.jsonl</c> ones predate compression.</summary>
    public static bool IsCompressed(string blobName) => blobName.EndsWith(Extension, StringComparison.Ordinal);

    /// <summary>Reads the hour partition back from a blob name under <see cref="DayPrefix"/>.</summary>
    public static bool TryParseHour(string blobName, out DateTime hour)
    {
        hour = default;
        var segments = blobName.Split('/');
        return segments.Length == 4
            && segments[1].StartsWith("date=", StringComparison.Ordinal)
            && segments[2].StartsWith("hour=", StringComparison.Ordinal)
            && (segments[3].EndsWith(Extension, StringComparison.Ordinal) || segments[3].EndsWith(PlainExtension, StringComparison.Ordinal))
            && DateTime.TryParseExact(
                segments[1]["date=".Length..] + "T" + segments[2]["hour=".Length..],
                "yyyy-MM-dd'T'HH",
                CultureInfo.InvariantCulture,
                DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal,
                out hour);
    }

    /// <summary>Appends one line per record, each ending in '\n'.</summary>
    public static void WriteLines(IBufferWriter<byte> buffer, IEnumerable<PredictionRecord> records)
    {
        using var json = new Utf8JsonWriter(buffer);
        foreach (var record in records)
        {
            WriteRecord(json, record);
            json.Flush();
            buffer.Write("\n"u8);
            json.Reset(buffer);
        }
    }

    private static void WriteRecord(Utf8JsonWriter json, PredictionRecord record)
    {
        json.WriteStartObject();
        json.WriteString(RequestIdName, record.RequestId);
        json.WriteString(TimestampName, record.Timestamp.ToUniversalTime());
        json.WriteString(ModelName, record.Model);
        json.WriteNumber(VersionName, record.Version);
        if (record.Alias is null)
        {
            json.WriteNull(AliasName);
        }
        else
        {
            json.WriteString(AliasName, record.Alias);
        }

        json.WriteNumber(RowsName, record.Rows);
        json.WriteNumber(LatencyName, record.LatencyMs);
        json.WritePropertyName(InputsName);
        WriteRaw(json, record.Inputs.Span);
        json.WritePropertyName(OutputsName);
        WriteRaw(json, record.Outputs.Span);
        if (!record.Features.IsEmpty)
        {
            json.WritePropertyName(FeaturesName);
            WriteRaw(json, record.Features.Span);
        }

        json.WriteEndObject();
    }

    // Serving hands over JSON it produced, so it is written as is (no re-parse). A line break in valid JSON can only
    // be insignificant whitespace (inside strings it must be escaped), so it becomes a space to keep one record a line.
    private static void WriteRaw(Utf8JsonWriter json, ReadOnlySpan<byte> value)
    {
        if (value.IndexOfAny((byte)'\n', (byte)'\r') < 0)
        {
            json.WriteRawValue(value, skipInputValidation: true);
            return;
        }

        var copy = ArrayPool<byte>.Shared.Rent(value.Length);
        try
        {
            var span = copy.AsSpan(0, value.Length);
            value.CopyTo(span);
            span.Replace((byte)'\n', (byte)' ');
            span.Replace((byte)'\r', (byte)' ');
            json.WriteRawValue(span, skipInputValidation: true);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(copy);
        }
    }

    /// <summary>True when the bytes look like a JSON array (first and last non-blank bytes are brackets).</summary>
    public static bool LooksLikeArray(ReadOnlySpan<byte> value)
    {
        var trimmed = value.Trim(" \t\r\n"u8);
        return trimmed.Length >= 2 && trimmed[0] == (byte)'[' && trimmed[^1] == (byte)']';
    }

    /// <summary>Parses every non-empty line of a blob; <paramref name="source"/> names it in errors.</summary>
    public static List<PredictionRecord> ParseLines(ReadOnlySpan<byte> content, string source)
    {
        var records = new List<PredictionRecord>();
        var lineNumber = 0;
        while (!content.IsEmpty)
        {
            lineNumber++;
            var end = content.IndexOf((byte)'\n');
            var line = end < 0 ? content : content[..end];
            content = end < 0 ? [] : content[(end + 1)..];
            if (line.Trim(" \t\r"u8).IsEmpty)
            {
                continue;
            }

            try
            {
                records.Add(ParseLine(line));
            }
            catch (Exception e) when (e is JsonException or FormatException or InvalidOperationException)
            {
                throw new InvalidDataException(
                    string.Create(CultureInfo.InvariantCulture, $"Prediction log {source} line {lineNumber} is not a valid record: {e.Message}"), e);
            }
        }

        return records;
    }

    public static PredictionRecord ParseLine(ReadOnlySpan<byte> line)
    {
        var reader = new Utf8JsonReader(line);
        Expect(reader.Read() && reader.TokenType == JsonTokenType.StartObject, "expected an object");
        string? requestId = null, model = null, alias = null;
        DateTimeOffset? timestamp = null;
        int? version = null, rows = null;
        double? latency = null;
        byte[]? inputs = null, outputs = null, features = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals(RequestIdName.EncodedUtf8Bytes))
            {
                reader.Read();
                requestId = reader.GetString();
            }
            else if (reader.ValueTextEquals(TimestampName.EncodedUtf8Bytes))
            {
                reader.Read();
                timestamp = reader.GetDateTimeOffset();
            }
            else if (reader.ValueTextEquals(ModelName.EncodedUtf8Bytes))
            {
                reader.Read();
                model = reader.GetString();
            }
            else if (reader.ValueTextEquals(VersionName.EncodedUtf8Bytes))
            {
                reader.Read();
                version = reader.GetInt32();
            }
            else if (reader.ValueTextEquals(AliasName.EncodedUtf8Bytes))
            {
                reader.Read();
                alias = reader.TokenType == JsonTokenType.Null ? null : reader.GetString();
            }
            else if (reader.ValueTextEquals(RowsName.EncodedUtf8Bytes))
            {
                reader.Read();
                rows = reader.GetInt32();
            }
            else if (reader.ValueTextEquals(LatencyName.EncodedUtf8Bytes))
            {
                reader.Read();
                latency = reader.GetDouble();
            }
            else if (reader.ValueTextEquals(InputsName.EncodedUtf8Bytes))
            {
                inputs = ReadRaw(ref reader, line);
            }
            else if (reader.ValueTextEquals(OutputsName.EncodedUtf8Bytes))
            {
                outputs = ReadRaw(ref reader, line);
            }
            else if (reader.ValueTextEquals(FeaturesName.EncodedUtf8Bytes))
            {
                features = ReadRaw(ref reader, line);
            }
            else
            {
                // Fields added later are skipped, so older readers keep working.
                reader.Read();
                reader.Skip();
            }
        }

        Expect(reader.TokenType == JsonTokenType.EndObject, "the object is not closed");
        return new PredictionRecord(
            requestId ?? throw Missing("requestId"),
            timestamp ?? throw Missing("timestamp"),
            model ?? throw Missing("model"),
            version ?? throw Missing("version"),
            alias,
            rows ?? throw Missing("rows"),
            inputs ?? throw Missing("inputs"),
            outputs ?? throw Missing("outputs"),
            latency ?? throw Missing("latencyMs"),
            features);
    }

    private static byte[] ReadRaw(ref Utf8JsonReader reader, ReadOnlySpan<byte> line)
    {
        reader.Read();
        var start = (int)reader.TokenStartIndex;
        reader.Skip();
        return line[start..(int)reader.BytesConsumed].ToArray();
    }

    private static void Expect(bool condition, string problem)
    {
        if (!condition)
        {
            throw new FormatException(problem);
        }
    }

    private static FormatException Missing(string field) => new($"'{field}' is missing");
}
