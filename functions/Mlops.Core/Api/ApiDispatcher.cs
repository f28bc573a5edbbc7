using System.Collections.Frozen;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Mlops.Core.Diagnostics;
using Mlops.Core.Hosting;

namespace Mlops.Core.Api;

internal sealed partial class ApiDispatcher : IApiDispatcher
{
    private readonly FrozenDictionary<string, (HttpFunction Function, Lazy<ApiEndpoint> Endpoint)> _endpoints;
    private readonly IOptionsMonitor<ApiOptions> _api;
    private readonly ILogger<ApiDispatcher> _logger;
    private volatile KeyTable _keys;

    public ApiDispatcher(
        IEnumerable<ApiEndpointRegistration> registrations,
        IServiceProvider services,
        IOptionsMonitor<SecurityOptions> security,
        IOptionsMonitor<ApiOptions> api,
        ILogger<ApiDispatcher> logger)
    {
        _api = api;
        _logger = logger;
        _keys = new KeyTable(security.CurrentValue);
        security.OnChange(options => _keys = new KeyTable(options));
        // The last registration of a name wins, as with DI services, so a host or a test can replace a handler.
        _endpoints = registrations.GroupBy(r => r.Name, StringComparer.Ordinal).Select(g => g.Last()).ToFrozenDictionary(
            r => r.Name,
            r => (FunctionCatalog.GetHttp(r.Name), new Lazy<ApiEndpoint>(() => r.Factory(services))),
            StringComparer.Ordinal);
    }

    public async Task<ApiResponse> DispatchAsync(string functionName, ApiRequest request, CancellationToken cancellationToken = default)
    {
        request.RequestId = RequestIds.FromHeader(request.GetHeader("x-request-id"));
        if (!_endpoints.TryGetValue(functionName, out var entry))
        {
            throw new InvalidOperationException($"No handler is registered for catalog function '{functionName}'.");
        }

        var style = entry.Function.Errors;
        try
        {
            request.Caller = Authenticate(request, entry.Function.Access);
            var limit = entry.Function.Limit == BodyLimit.Upload ? _api.CurrentValue.MaxUploadBytes : _api.CurrentValue.MaxRequestBodyBytes;
            if (request.ContentLength > limit)
            {
                throw MlopsException.TooLarge($"The request body is {request.ContentLength} bytes; the limit is {limit} bytes.", "body");
            }

            if (request.ContentLength is null)
            {
                // A declared length is enforced by the server itself; only chunked bodies need counting.
                request.Body = new LimitedReadStream(request.Body, limit);
            }

            var response = await entry.Endpoint.Value(request, cancellationToken).ConfigureAwait(false);
            return response.WithHeader("x-request-id", request.RequestId);
        }
        catch (MlopsException ex)
        {
            LogRejected(_logger, functionName, (int)ex.Category, ex.Field, ex.Message);
            return ApiResponse.Error(ex, style, request.RequestId).WithHeader("x-request-id", request.RequestId);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The client went away; nobody reads this response.
            return ApiResponse.Empty(499);
        }
    }

    private ApiCaller Authenticate(ApiRequest request, AccessLevel required)
    {
        var keys = _keys;
        if (!keys.RequireKeys)
        {
            return HostAuthorized;
        }

        if (required == AccessLevel.Anonymous)
        {
            return ApiCaller.Anonymous;
        }

        var presented = request.GetHeader("x-functions-key") ?? request.GetQuery("code");
        var caller = presented is null ? ApiCaller.Anonymous : keys.Match(presented);
        if (caller.Level >= required)
        {
            return caller;
        }

        if (caller.Level == AccessLevel.Anonymous)
        {
            throw new MlopsException(
                ErrorCategory.Unauthorized,
                presented is null
                    ? "This route needs a key: send it in the 'x-functions-key' header or the 'code' query parameter."
                    : "The key presented is not valid.",
                "x-functions-key");
        }

        throw new MlopsException(ErrorCategory.Forbidden, "This route needs the admin key.", "x-functions-key");
    }

    private static readonly ApiCaller HostAuthorized = new("host-authorized", AccessLevel.Admin);

    /// <summary>The configured keys as UTF-8 bytes with their callers, built once per options change (not per request).</summary>
    private sealed class KeyTable
    {
        private readonly (byte[] Key, ApiCaller Caller)[] _entries;

        public KeyTable(SecurityOptions options)
        {
            RequireKeys = options.RequireKeys;
            _entries =
            [
                .. options.AdminKeys.Select(k => (Encoding.UTF8.GetBytes(k.Value), new ApiCaller(k.Key, AccessLevel.Admin))),
                .. options.FunctionKeys.Select(k => (Encoding.UTF8.GetBytes(k.Value), new ApiCaller(k.Key, AccessLevel.Function))),
            ];
        }

        public bool RequireKeys { get; }

        public ApiCaller Match(string presented)
        {
            if (presented.Length > 256)
            {
                return ApiCaller.Anonymous;
            }

            Span<byte> bytes = stackalloc byte[Encoding.UTF8.GetMaxByteCount(presented.Length)];
            var length = Encoding.UTF8.GetBytes(presented, bytes);
            var candidate = bytes[..length];
            var match = ApiCaller.Anonymous;
            foreach (var (key, caller) in _entries)
            {
                // Compare against every key (no early exit) so timing does not reveal which key matched; admin keys come first.
                if (CryptographicOperations.FixedTimeEquals(candidate, key) && match.Level == AccessLevel.Anonymous)
                {
                    match = caller;
                }
            }

            return match;
        }
    }

    [LoggerMessage(EventId = LogEvents.Api + 1, Level = LogLevel.Information, Message = "Rejected {Function}: category {Category}, field {Field}: {Reason}")]
    private static partial void LogRejected(ILogger logger, string function, int category, string? field, string reason);
}
