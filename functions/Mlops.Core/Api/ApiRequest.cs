namespace Mlops.Core.Api;

/// <summary>
/// A host-agnostic HTTP request as the core's endpoints see it. Each host wraps its own request type (ASP.NET Core's
/// <c>HttpContext</c> in both the server and the Functions app) without copying headers or body.
/// </summary>
public abstract class ApiRequest
{
    private Dictionary<Type, object>? _features;

    /// <summary>The HTTP method, upper case.</summary>
    public abstract string Method { get; }

    /// <summary>The request body; read it at most once. The dispatcher enforces the size limit while it is read.</summary>
    public abstract Stream Body { get; set; }

    /// <summary>The Content-Type header, if any.</summary>
    public abstract string? ContentType { get; }

    /// <summary>The Content-Length header, if any.</summary>
    public abstract long? ContentLength { get; }

    /// <summary>The value of a route parameter such as <c>name</c> in <c>api/models/{name}</c>.</summary>
    public abstract string? GetRouteValue(string name);

    /// <summary>The first value of a query-string parameter.</summary>
    public abstract string? GetQuery(string name);

    /// <summary>The first value of a request header.</summary>
    public abstract string? GetHeader(string name);

    /// <summary>
    /// The scheme, host and path base the client called (e.g. <c>https://app.example.com</c>), for absolute links such as
    /// a <c>Location</c> header; null when the host does not know it (links are then relative).
    /// </summary>
    public virtual string? BaseUrl => null;

    /// <summary>
    /// A per-request object the host attached, or null: the Functions app attaches its Durable client (as
    /// <c>IPipelineClient</c>), which exists only inside a function invocation.
    /// </summary>
    public virtual T? GetFeature<T>()
        where T : class =>
        _features is not null && _features.TryGetValue(typeof(T), out var feature) ? (T)feature : null;

    /// <summary>Attaches a per-request object; see <see cref="GetFeature{T}"/>.</summary>
    public void SetFeature<T>(T feature)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(feature);
        (_features ??= [])[typeof(T)] = feature;
    }

    /// <summary>Who called, set by the dispatcher after the key check.</summary>
    public ApiCaller Caller { get; set; } = ApiCaller.Anonymous;

    /// <summary>The request id: the caller's <c>x-request-id</c> when it is well-formed, else a new one.</summary>
    public string RequestId { get; set; } = string.Empty;

    /// <summary>A required route value, or a 400 naming it.</summary>
    public string RequireRouteValue(string name) =>
        GetRouteValue(name) is { Length: > 0 } value
            ? value
            : throw Diagnostics.MlopsException.Validation($"Route parameter '{name}' is required.", name);
}
