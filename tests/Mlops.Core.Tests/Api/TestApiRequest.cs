using System.Text;
using Mlops.Core.Api;

namespace Mlops.Core.Tests.Api;

/// <summary>An in-memory ApiRequest for driving the dispatcher and endpoints without a web host.</summary>
public sealed class TestApiRequest : ApiRequest
{
    public TestApiRequest(string method = "GET", byte[]? body = null, string? contentType = null)
    {
        Method = method;
        Body = new MemoryStream(body ?? []);
        ContentType = contentType;
        ContentLength = body?.Length;
    }

    public override string Method { get; }

    public override Stream Body { get; set; }

    public override string? ContentType { get; }

    public override long? ContentLength { get; }

    public Dictionary<string, string> Route { get; } = [];

    public Dictionary<string, string> Query { get; } = [];

    public Dictionary<string, string> Headers { get; } = new(StringComparer.OrdinalIgnoreCase);

    public static TestApiRequest Json(string method, string json) =>
        new(method, Encoding.UTF8.GetBytes(json), "application/json");

    public override string? GetRouteValue(string name) => Route.GetValueOrDefault(name);

    public override string? GetQuery(string name) => Query.GetValueOrDefault(name);

    public override string? GetHeader(string name) => Headers.GetValueOrDefault(name);
}
