namespace Mlops.Core.Diagnostics;

/// <summary>The one mapping from <see cref="ErrorCategory"/> to an HTTP status code, shared by every host.</summary>
public static class ErrorCategoryExtensions
{
    /// <summary>The HTTP status code for a category.</summary>
    public static int ToStatusCode(this ErrorCategory category) => category switch
    {
        ErrorCategory.Validation => 400,
        ErrorCategory.Unauthorized => 401,
        ErrorCategory.Forbidden => 403,
        ErrorCategory.NotFound => 404,
        ErrorCategory.Conflict => 409,
        ErrorCategory.PayloadTooLarge => 413,
        ErrorCategory.Unprocessable => 422,
        ErrorCategory.Unavailable => 503,
        _ => 500,
    };

    /// <summary>The RFC 7807 title for a category.</summary>
    public static string ToTitle(this ErrorCategory category) => category switch
    {
        ErrorCategory.Validation => "Invalid request",
        ErrorCategory.Unauthorized => "Unauthorized",
        ErrorCategory.Forbidden => "Forbidden",
        ErrorCategory.NotFound => "Not found",
        ErrorCategory.Conflict => "Conflict",
        ErrorCategory.PayloadTooLarge => "Payload too large",
        ErrorCategory.Unprocessable => "Unprocessable content",
        ErrorCategory.Unavailable => "Service unavailable",
        _ => "Error",
    };
}
