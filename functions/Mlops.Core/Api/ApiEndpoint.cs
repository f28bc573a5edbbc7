namespace Mlops.Core.Api;

/// <summary>The handler of one catalog HTTP function: takes the request, returns the response.</summary>
public delegate Task<ApiResponse> ApiEndpoint(ApiRequest request, CancellationToken cancellationToken);
