using System.Buffers;
using System.Globalization;
using System.Text.Json;
using Mlops.Core.Api;
using Mlops.Core.Diagnostics;
using Mlops.Core.Registry;

namespace Mlops.Core.Monitoring;

/// <summary>
/// <c>GET /api/models/{name}/predictions</c>: what the prediction log holds for a model in a time window
/// (<c>?from=&amp;to=</c>, ISO 8601, default the last hour), optionally one request (<c>?requestId=</c>).
/// </summary>
internal sealed class PredictionLogApi(PredictionLogReader reader, TimeProvider time)
{
    private static readonly TimeSpan DefaultWindow = TimeSpan.FromHours(1);
    private static readonly TimeSpan MaxWindow = TimeSpan.FromDays(7);
    private const int DefaultLimit = 100;
    private const int MaxLimit = 1000;

    public async Task<ApiResponse> ListAsync(ApiRequest request, CancellationToken cancellationToken)
    {
        var model = ModelNames.ValidateModel(request.GetRouteValue("name"));
        var to = ParseTime(request.GetQuery("to"), "to") ?? time.GetUtcNow();
        var from = ParseTime(request.GetQuery("from"), "from") ?? to - DefaultWindow;
        if (from >= to)
        {
            throw MlopsException.Validation("'from' must be earlier than 'to'.", "from");
        }

        if (to - from > MaxWindow)
        {
            throw MlopsException.Validation($"The window from 'from' to 'to' may span at most {MaxWindow.TotalDays} days.", "from");
        }

        var limit = ParseLimit(request.GetQuery("limit"));
        var requestId = request.GetQuery("requestId");

        var buffer = new ArrayBufferWriter<byte>();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("model", model);
            json.WriteString("from", from);
            json.WriteString("to", to);
            json.WriteStartArray("predictions");
            var count = 0;
            await foreach (var record in reader.ReadAsync(model, from, to, cancellationToken).ConfigureAwait(false))
            {
                if (requestId is not null && record.RequestId != requestId)
                {
                    continue;
                }

                Write(json, record);
                if (++count == limit)
                {
                    break;
                }
            }

            json.WriteEndArray();
            json.WriteNumber("count", count);
            json.WriteEndObject();
        }

        return ApiResponse.RawJson(buffer.WrittenMemory);
    }

    private static void Write(Utf8JsonWriter json, PredictionRecord record)
    {
        json.WriteStartObject();
        json.WriteString("requestId", record.RequestId);
        json.WriteString("timestamp", record.Timestamp);
        json.WriteNumber("version", record.Version);
        if (record.Alias is null)
        {
            json.WriteNull("alias");
        }
        else
        {
            json.WriteString("alias", record.Alias);
        }

        json.WriteNumber("rows", record.Rows);
        json.WriteNumber("latencyMs", record.LatencyMs);
        json.WritePropertyName("inputs");
        json.WriteRawValue(record.Inputs.Span, skipInputValidation: true);
        json.WritePropertyName("outputs");
        json.WriteRawValue(record.Outputs.Span, skipInputValidation: true);
        if (!record.Features.IsEmpty)
        {
            json.WritePropertyName("features");
            json.WriteRawValue(record.Features.Span, skipInputValidation: true);
        }

        json.WriteEndObject();
    }

    private static DateTimeOffset? ParseTime(string? value, string field) =>
        value is null
            ? null
            : DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed)
                ? parsed
                : throw MlopsException.Validation($"'{field}' must be an ISO 8601 time such as 2026-01-31T12:00:00Z; got \"{Truncate(value)}\".", field);

    private static int ParseLimit(string? value)
    {
        if (value is null)
        {
            return DefaultLimit;
        }

        return int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var limit) && limit is >= 1 and <= MaxLimit
            ? limit
            : throw MlopsException.Validation($"'limit' must be a whole number from 1 to {MaxLimit}; got \"{Truncate(value)}\".", "limit");
    }

    private static string Truncate(string value) => value.Length <= 40 ? value : value[..40] + "…";
}
