namespace Mlops.Core.Diagnostics;

/// <summary>What kind of failure an <see cref="MlopsException"/> is; each host maps it to a status code in one place
/// (<see cref="ErrorCategoryExtensions.ToStatusCode"/>).</summary>
public enum ErrorCategory
{
    /// <summary>The request is malformed or a field is invalid (400).</summary>
    Validation,

    /// <summary>The request is well-formed but cannot be processed as given, e.g. an upload that is not a valid ONNX model (422).</summary>
    Unprocessable,

    /// <summary>A model, version, alias or other named thing does not exist (404).</summary>
    NotFound,

    /// <summary>The request conflicts with the current state (409).</summary>
    Conflict,

    /// <summary>The body or batch is over a configured limit (413).</summary>
    PayloadTooLarge,

    /// <summary>No valid key was presented (401).</summary>
    Unauthorized,

    /// <summary>The key presented does not allow this operation (403).</summary>
    Forbidden,

    /// <summary>A dependency is unavailable or overloaded; retry later (503).</summary>
    Unavailable,
}
