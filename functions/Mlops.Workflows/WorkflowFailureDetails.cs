namespace Mlops.Workflows;

/// <summary>
/// Why an activity, sub-workflow or workflow failed, as recorded in history and shown in status; mirrors Durable's
/// <c>TaskFailureDetails</c>. Messages and stack traces are truncated to <see cref="MaxTextLength"/> characters.
/// </summary>
/// <param name="ErrorType">The exception's full type name, or an engine error kind.</param>
/// <param name="ErrorMessage">The exception's message.</param>
/// <param name="StackTrace">Where it was thrown, if known.</param>
/// <param name="InnerFailure">The cause: for a failed activity call, the activity's own failure.</param>
public sealed record WorkflowFailureDetails(
    string ErrorType,
    string ErrorMessage,
    string? StackTrace = null,
    WorkflowFailureDetails? InnerFailure = null)
{
    /// <summary>Longest message or stack trace kept.</summary>
    public const int MaxTextLength = 8 * 1024;

    /// <summary>Details of an exception and its inner exceptions (at most 4 deep).</summary>
    public static WorkflowFailureDetails FromException(Exception exception) => FromException(exception, 0);

    /// <summary>True when this failure (not its inner ones) came from an exception of type <typeparamref name="TException"/> or a subtype.</summary>
    public bool IsCausedBy<TException>()
        where TException : Exception
    {
        if (string.Equals(ErrorType, typeof(TException).FullName, StringComparison.Ordinal))
        {
            return true;
        }

        var resolved = Type.GetType(ErrorType, throwOnError: false);
        return resolved is not null && typeof(TException).IsAssignableFrom(resolved);
    }

    private static WorkflowFailureDetails FromException(Exception exception, int depth)
    {
        ArgumentNullException.ThrowIfNull(exception);
        if (exception is WorkflowTaskFailedException failed)
        {
            return new WorkflowFailureDetails(
                exception.GetType().FullName ?? exception.GetType().Name,
                Truncate(exception.Message)!,
                Truncate(exception.StackTrace),
                failed.FailureDetails);
        }

        var inner = exception.InnerException is { } cause && depth < 4 ? FromException(cause, depth + 1) : null;
        return new WorkflowFailureDetails(
            exception.GetType().FullName ?? exception.GetType().Name,
            Truncate(exception.Message)!,
            Truncate(exception.StackTrace),
            inner);
    }

    private static string? Truncate(string? text) =>
        text is null || text.Length <= MaxTextLength ? text : text[..MaxTextLength] + "…";
}
