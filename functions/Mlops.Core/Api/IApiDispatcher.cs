namespace Mlops.Core.Api;

/// <summary>
/// The one entry for HTTP calls in both hosts: key check, request id, body limits, the handler, and the mapping of
/// failures to the route's error style. Hosts only translate their request and response types.
/// </summary>
public interface IApiDispatcher
{
    /// <summary>Handles a request for the catalog HTTP function <paramref name="functionName"/>.</summary>
    Task<ApiResponse> DispatchAsync(string functionName, ApiRequest request, CancellationToken cancellationToken = default);
}
