namespace Mlops.Core.Diagnostics;

/// <summary>
/// The platform's one exception type for expected failures. The message says what was wrong and what to do, e.g.
/// <c>Feature 'age' must be a number; got "abc".</c>; <see cref="Field"/> names the offending field when there is one.
/// </summary>
public sealed class MlopsException : Exception
{
    /// <summary>Creates an exception of the given category.</summary>
    public MlopsException(ErrorCategory category, string message, string? field = null, Exception? innerException = null)
        : base(message, innerException)
    {
        Category = category;
        Field = field;
    }

    /// <summary>What kind of failure this is.</summary>
    public ErrorCategory Category { get; }

    /// <summary>The request field (JSON path, header, query or route parameter) at fault, if any.</summary>
    public string? Field { get; }

    /// <summary>A 400 for a bad field.</summary>
    public static MlopsException Validation(string message, string? field = null, Exception? inner = null) =>
        new(ErrorCategory.Validation, message, field, inner);

    /// <summary>A 422 for content that parses but cannot be used.</summary>
    public static MlopsException Unprocessable(string message, string? field = null, Exception? inner = null) =>
        new(ErrorCategory.Unprocessable, message, field, inner);

    /// <summary>A 404.</summary>
    public static MlopsException NotFound(string message, string? field = null) =>
        new(ErrorCategory.NotFound, message, field);

    /// <summary>A 409.</summary>
    public static MlopsException Conflict(string message, string? field = null) =>
        new(ErrorCategory.Conflict, message, field);

    /// <summary>A 413.</summary>
    public static MlopsException TooLarge(string message, string? field = null) =>
        new(ErrorCategory.PayloadTooLarge, message, field);

    /// <summary>A 503.</summary>
    public static MlopsException Unavailable(string message, Exception? inner = null) =>
        new(ErrorCategory.Unavailable, message, null, inner);
}
