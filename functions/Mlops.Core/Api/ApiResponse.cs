using System.Text.Json;
using Mlops.Core.Diagnostics;

namespace Mlops.Core.Api;

/// <summary>A host-agnostic HTTP response: status, content type, extra headers and either a buffered body or a writer.</summary>
public sealed class ApiResponse
{
    private List<KeyValuePair<string, string>>? _headers;

    /// <summary>The HTTP status code.</summary>
    public int StatusCode { get; init; } = 200;

    /// <summary>The Content-Type, or null for no body.</summary>
    public string? ContentType { get; init; }

    /// <summary>A buffered body (used when <see cref="BodyWriter"/> is null).</summary>
    public ReadOnlyMemory<byte> Body { get; init; }

    /// <summary>Streams the body (artifact downloads); takes precedence over <see cref="Body"/>.</summary>
    public Func<Stream, CancellationToken, Task>? BodyWriter { get; init; }

    /// <summary>Extra response headers.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Headers => _headers ?? (IReadOnlyList<KeyValuePair<string, string>>)[];

    /// <summary>Adds a response header and returns this response.</summary>
    public ApiResponse WithHeader(string name, string value)
    {
        (_headers ??= []).Add(new(name, value));
        return this;
    }

    /// <summary>A JSON response serialized with <see cref="MlopsJson.Options"/>.</summary>
    public static ApiResponse Json<T>(T value, int statusCode = 200) => new()
    {
        StatusCode = statusCode,
        ContentType = "application/json; charset=utf-8",
        Body = JsonSerializer.SerializeToUtf8Bytes(value, MlopsJson.Options),
    };

    /// <summary>A UTF-8 JSON body already serialized.</summary>
    public static ApiResponse RawJson(ReadOnlyMemory<byte> utf8Json, int statusCode = 200) => new()
    {
        StatusCode = statusCode,
        ContentType = "application/json; charset=utf-8",
        Body = utf8Json,
    };

    /// <summary>A response with no body.</summary>
    public static ApiResponse Empty(int statusCode = 204) => new() { StatusCode = statusCode };

    /// <summary>The error response for an exception, in the route's error style.</summary>
    public static ApiResponse Error(MlopsException exception, ErrorStyle style, string? requestId)
    {
        var status = exception.Category.ToStatusCode();
        if (style == ErrorStyle.InferenceProtocol)
        {
            return new ApiResponse
            {
                StatusCode = status,
                ContentType = "application/json; charset=utf-8",
                Body = JsonSerializer.SerializeToUtf8Bytes(new InferenceError(exception.Message), MlopsJson.Options),
            };
        }

        var problem = new ProblemDetailsBody(
            Type: $"https://httpstatuses.io/{status}",
            Title: exception.Category.ToTitle(),
            Status: status,
            Detail: exception.Message,
            Field: exception.Field,
            RequestId: requestId);
        return new ApiResponse
        {
            StatusCode = status,
            ContentType = "application/problem+json; charset=utf-8",
            Body = JsonSerializer.SerializeToUtf8Bytes(problem, MlopsJson.Options),
        };
    }

    private sealed record InferenceError(string Error);

    private sealed record ProblemDetailsBody(string Type, string Title, int Status, string Detail, string? Field, string? RequestId);
}
