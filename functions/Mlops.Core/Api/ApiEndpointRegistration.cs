namespace Mlops.Core.Api;

/// <summary>Binds a catalog function name to a handler built from the service provider.</summary>
/// <param name="Name">The catalog name of the HTTP function.</param>
/// <param name="Factory">Builds the handler once, at first dispatch.</param>
public sealed record ApiEndpointRegistration(string Name, Func<IServiceProvider, ApiEndpoint> Factory);
