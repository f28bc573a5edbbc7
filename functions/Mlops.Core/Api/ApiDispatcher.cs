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
    private readonly IOptionsMonitor<SecurityOptions> _security;
    private readonly IOptionsMonitor<ApiOptions> _api;
    private readonly ILogger<ApiDispatcher> _logger;

    public ApiDispatcher(
        IEnumerable<ApiEndpointRegistration> registrations,
        IServiceProvider services,
        IOptionsMonitor<SecurityOptions> security,
        IOptionsMonitor<ApiOptions> api,
        ILogger<ApiDispatcher> logger)
    {
        _security = security;
        _api = api;
        _logger = logger;
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

            request.Body = new LimitedReadStream(request.Body, limit);
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
        var security = _security.CurrentValue;
        if (!security.RequireKeys)
        {
            return new ApiCaller("host-authorized", AccessLevel.Admin);
        }

        var presented = request.GetHeader("x-functions-key") ?? request.GetQuery("code");
        var caller = presented is null ? ApiCaller.Anonymous : Match(security, presented);
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

    private static ApiCaller Match(SecurityOptions security, string presented)
    {
        var presentedBytes = Encoding.UTF8.GetBytes(presented);
        foreach (var (name, key) in security.AdminKeys)
        {
            if (CryptographicOperations.FixedTimeEquals(presentedBytes, Encoding.UTF8.GetBytes(key)))
            {
                return new ApiCaller(name, AccessLevel.Admin);
            }
        }

        foreach (var (name, key) in security.FunctionKeys)
        {
            if (CryptographicOperations.FixedTimeEquals(presentedBytes, Encoding.UTF8.GetBytes(key)))
            {
                return new ApiCaller(name, AccessLevel.Function);
            }
        }

        return ApiCaller.Anonymous;
    }

    [LoggerMessage(EventId = LogEvents.Api + 1, Level = LogLevel.Information, Message = "Rejected {Function}: category {Category}, field {Field}: {Reason}")]
    private static partial void LogRejected(ILogger logger, string function, int category, string? field, string reason);
}
