using System.Globalization;
using System.Text.Json;
using Mlops.Core.Diagnostics;
using Mlops.Core.Registry;

namespace Mlops.Core.Monitoring.Checks;

/// <summary>
/// Joins actual outcomes to logged predictions by request id and stores them (<see cref="FeedbackStore"/>). The join
/// reads the model's prediction log over a window (default the last day), since request ids carry no time; ids not in
/// that window, and outcomes that do not fit their request, are reported back rather than dropped.
/// </summary>
internal sealed class FeedbackService(IModelRegistry registry, PredictionLogReader log, FeedbackStore store, TimeProvider time)
{
    public const int MaxOutcomes = 10_000;
    public static readonly TimeSpan DefaultWindow = TimeSpan.FromDays(1);
    public static readonly TimeSpan MaxWindow = TimeSpan.FromDays(7);

    public async Task<FeedbackResult> SubmitAsync(string model, ReadOnlyMemory<byte> body, DateTimeOffset? from, DateTimeOffset? to, CancellationToken cancellationToken = default)
    {
        ModelNames.ValidateModel(model);
        await registry.GetModelAsync(model, cancellationToken).ConfigureAwait(false);
        var outcomes = Parse(body);
        var now = time.GetUtcNow();
        var end = to ?? now;
        var start = from ?? end - DefaultWindow;
        if (start >= end)
        {
            throw MlopsException.Validation("'from' must be earlier than 'to'.", "from");
        }

        if (end - start > MaxWindow)
        {
            throw MlopsException.Validation($"The window from 'from' to 'to' may span at most {MaxWindow.TotalDays} days.", "from");
        }

        var rows = new List<FeedbackRow>();
        var rejected = new List<RejectedFeedback>();
        var matched = new HashSet<string>(StringComparer.Ordinal);
        await foreach (var record in log.ReadAsync(model, start, end, cancellationToken).ConfigureAwait(false))
        {
            if (!outcomes.TryGetValue(record.RequestId, out var actual) || !matched.Add(record.RequestId))
            {
                continue;
            }

            var values = actual.ValueKind == JsonValueKind.Array ? actual : default;
            var count = values.ValueKind == JsonValueKind.Array ? values.GetArrayLength() : 1;
            if (count != record.Rows)
            {
                rejected.Add(new RejectedFeedback(record.RequestId, Invariant(
                    $"The request scored {record.Rows} rows; 'actual' must be {(record.Rows == 1 ? "one value (or an array of one)" : $"an array of {record.Rows} values")}, got {count}.")));
                continue;
            }

            var actualBytes = values.ValueKind == JsonValueKind.Array
                ? JsonSerializer.SerializeToUtf8Bytes(values)
                : JsonSerializer.SerializeToUtf8Bytes(new[] { actual });
            if (record.Outputs.Length > FeedbackStore.MaxPropertyBytes || actualBytes.Length > FeedbackStore.MaxPropertyBytes)
            {
                rejected.Add(new RejectedFeedback(record.RequestId, "The request's predictions or outcomes exceed 64 KiB; send feedback for smaller requests."));
                continue;
            }

            rows.Add(new FeedbackRow(record.RequestId, record.Version, record.Timestamp, record.Rows, record.Outputs.ToArray(), actualBytes, now));
        }

        await store.SaveAsync(model, rows, cancellationToken).ConfigureAwait(false);
        var unknown = outcomes.Keys.Where(id => !matched.Contains(id)).Order(StringComparer.Ordinal).ToList();
        return new FeedbackResult(model, start, end, outcomes.Count, rows.Count, rows.Sum(r => r.Rows), unknown, rejected);
    }

    private static Dictionary<string, JsonElement> Parse(ReadOnlyMemory<byte> body)
    {
        JsonElement root;
        try
        {
            using var document = JsonDocument.Parse(body);
            root = document.RootElement.Clone();
        }
        catch (JsonException ex)
        {
            throw MlopsException.Validation($"The body is not JSON: {ex.Message}", "body");
        }

        var items = root.ValueKind switch
        {
            JsonValueKind.Array => root,
            JsonValueKind.Object when root.TryGetProperty("outcomes", out var list) && list.ValueKind == JsonValueKind.Array => list,
            JsonValueKind.Object when root.TryGetProperty("requestId", out _) => JsonSerializer.SerializeToElement(new[] { root }),
            _ => throw MlopsException.Validation(
                "The body must be {\"outcomes\": [{\"requestId\": \"...\", \"actual\": value or [values per row]}]}, an array of such outcomes, or one.", "outcomes"),
        };
        var count = items.GetArrayLength();
        if (count == 0)
        {
            throw MlopsException.Validation("'outcomes' is empty.", "outcomes");
        }

        if (count > MaxOutcomes)
        {
            throw MlopsException.TooLarge(Invariant($"At most {MaxOutcomes} outcomes per request; got {count}."), "outcomes");
        }

        var outcomes = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        var index = 0;
        foreach (var item in items.EnumerateArray())
        {
            var field = Invariant($"outcomes[{index}]");
            if (item.ValueKind != JsonValueKind.Object
                || !item.TryGetProperty("requestId", out var id) || id.ValueKind != JsonValueKind.String || string.IsNullOrEmpty(id.GetString()))
            {
                throw MlopsException.Validation($"{field} needs a 'requestId' string.", field + ".requestId");
            }

            if (!item.TryGetProperty("actual", out var actual) || actual.ValueKind is JsonValueKind.Undefined or JsonValueKind.Object)
            {
                throw MlopsException.Validation($"{field} needs 'actual': the outcome (a number, string or boolean), or an array of one per row of the request.", field + ".actual");
            }

            if (!outcomes.TryAdd(id.GetString()!, actual))
            {
                throw MlopsException.Validation($"Request id '{id.GetString()}' is listed twice.", field + ".requestId");
            }

            index++;
        }

        return outcomes;
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
