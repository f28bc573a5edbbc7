namespace Mlops.Core.Api;

/// <summary>How a route reports errors.</summary>
public enum ErrorStyle
{
    /// <summary>RFC 7807 problem details (<c>application/problem+json</c>).</summary>
    ProblemDetails,

    /// <summary>Open Inference Protocol v2: <c>{"error": "..."}</c>.</summary>
    InferenceProtocol,
}
