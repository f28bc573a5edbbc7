using Mlops.Core.Api;

namespace Mlops.Benchmarks;

/// <summary>
/// What the ASP.NET Core bridge hands the dispatcher for <c>POST /api/models/{name}/predict</c>: route value, key
/// header, JSON body. One per call, as every HTTP request gets its own.
/// </summary>
internal sealed class BenchApiRequest(string model, byte[] body, string functionKey) : ApiRequest
{
    public override string Method => "POST";

    public override Stream Body { get; set; } = new MemoryStream(body, writable: false);

    public override string? ContentType => "application/json";

    public override long? ContentLength => body.Length;

    public override string? GetRouteValue(string name) => name == "name" ? model : null;

    public override string? GetQuery(string name) => null;

    public override string? GetHeader(string name) =>
        string.Equals(name, "x-functions-key", StringComparison.OrdinalIgnoreCase) ? functionKey : null;
}
