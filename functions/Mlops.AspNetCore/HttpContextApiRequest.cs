using Microsoft.AspNetCore.Http;
using Mlops.Core.Api;

namespace Mlops.AspNetCore;

/// <summary>An <see cref="ApiRequest"/> over ASP.NET Core's request, without copying headers or body.</summary>
internal sealed class HttpContextApiRequest(HttpContext context) : ApiRequest
{
    private readonly HttpRequest _request = context.Request;

    public override string Method => _request.Method;

    public override Stream Body
    {
        get => _request.Body;
        set => _request.Body = value;
    }

    public override string? ContentType => _request.ContentType;

    public override long? ContentLength => _request.ContentLength;

    public override string? GetRouteValue(string name) => _request.RouteValues.TryGetValue(name, out var value) ? value?.ToString() : null;

    public override string? GetQuery(string name) => _request.Query.TryGetValue(name, out var values) ? values.ToString() : null;

    public override string? BaseUrl => _request.Host.HasValue ? $"{_request.Scheme}://{_request.Host}{_request.PathBase}" : null;

    // The Functions app attaches per-invocation objects (its Durable client) to HttpContext.Features before dispatching.
    public override T? GetFeature<T>()
        where T : class => context.Features.Get<T>() ?? base.GetFeature<T>();

    public override string? GetHeader(string name) => _request.Headers.TryGetValue(name, out var values) ? values.ToString() : null;
}
