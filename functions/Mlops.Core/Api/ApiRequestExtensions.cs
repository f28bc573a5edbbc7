using System.Text.Json;
using Mlops.Core.Diagnostics;

namespace Mlops.Core.Api;

/// <summary>Reading request bodies with errors that name what was wrong.</summary>
public static class ApiRequestExtensions
{
    /// <summary>Reads the whole body (the dispatcher has already bounded its size).</summary>
    public static async Task<byte[]> ReadBodyAsync(this ApiRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var capacity = request.ContentLength is > 0 and < int.MaxValue ? (int)request.ContentLength.Value : 4096;
        using var buffer = new MemoryStream(capacity);
        await request.Body.CopyToAsync(buffer, cancellationToken).ConfigureAwait(false);
        return buffer.ToArray();
    }

    /// <summary>Deserializes the JSON body, or throws a 400 that says where the JSON is malformed.</summary>
    public static async Task<T> ReadJsonAsync<T>(this ApiRequest request, CancellationToken cancellationToken = default)
    {
        var body = await request.ReadBodyAsync(cancellationToken).ConfigureAwait(false);
        return ParseJson<T>(body);
    }

    /// <summary>Deserializes UTF-8 JSON, or throws a 400 that says where it is malformed.</summary>
    public static T ParseJson<T>(ReadOnlySpan<byte> utf8Json)
    {
        if (utf8Json.IsEmpty)
        {
            throw MlopsException.Validation("The request body is empty; send a JSON document.", "body");
        }

        try
        {
            return JsonSerializer.Deserialize<T>(utf8Json, MlopsJson.Options)
                ?? throw MlopsException.Validation("The request body must be a JSON object, not null.", "body");
        }
        catch (JsonException ex)
        {
            var field = string.IsNullOrEmpty(ex.Path) ? "body" : ex.Path;
            throw MlopsException.Validation(
                $"The request body is not valid JSON for this operation at {field} (line {ex.LineNumber + 1}, byte {ex.BytePositionInLine + 1}): {FirstSentence(ex.Message)}",
                field,
                ex);
        }
    }

    private static string FirstSentence(string message)
    {
        var end = message.IndexOf(". ", StringComparison.Ordinal);
        return end < 0 ? message : message[..(end + 1)];
    }
}
