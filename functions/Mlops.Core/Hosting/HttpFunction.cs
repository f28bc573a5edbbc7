using Mlops.Core.Api;

namespace Mlops.Core.Hosting;

/// <summary>An HTTP-triggered function: one method on one route, the same in both hosts.</summary>
/// <param name="Name">The function name (<c>[Function(nameof(...))]</c> in the Functions app).</param>
/// <param name="Method">The HTTP method, lower case as the Functions attribute spells it.</param>
/// <param name="Route">The full route template (the route prefix is empty).</param>
/// <param name="Access">The key the route requires.</param>
/// <param name="Errors">How errors are reported.</param>
/// <param name="Limit">Which body-size limit applies.</param>
public sealed record HttpFunction(
    string Name,
    string Method,
    string Route,
    AccessLevel Access,
    ErrorStyle Errors = ErrorStyle.ProblemDetails,
    BodyLimit Limit = BodyLimit.Json);
