namespace Mlops.Workflows;

/// <summary>
/// How a failed activity or sub-workflow is retried; mirrors Durable's <c>RetryPolicy</c>. The delay before attempt
/// <c>n + 1</c> is <c>firstRetryInterval × backoffCoefficient^(n − 1)</c>, capped at <see cref="MaxRetryInterval"/>;
/// no retry starts after <see cref="RetryTimeout"/> has passed since the first attempt. Delays are durable timers.
/// </summary>
public sealed class WorkflowRetryPolicy
{
    /// <summary>Creates a policy.</summary>
    /// <param name="maxNumberOfAttempts">Attempts in total, the first included; at least 1.</param>
    /// <param name="firstRetryInterval">Delay before the second attempt; positive.</param>
    /// <param name="backoffCoefficient">Multiplier per further attempt; at least 1. Default 1 (constant delay).</param>
    /// <param name="maxRetryInterval">Longest delay between attempts; default: unbounded.</param>
    /// <param name="retryTimeout">No attempt starts later than this after the first; default: unbounded.</param>
    public WorkflowRetryPolicy(
        int maxNumberOfAttempts,
        TimeSpan firstRetryInterval,
        double backoffCoefficient = 1.0,
        TimeSpan? maxRetryInterval = null,
        TimeSpan? retryTimeout = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxNumberOfAttempts, 1);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(firstRetryInterval, TimeSpan.Zero);
        if (double.IsNaN(backoffCoefficient) || backoffCoefficient < 1.0)
        {
            throw new ArgumentOutOfRangeException(nameof(backoffCoefficient), backoffCoefficient, "The backoff coefficient must be at least 1.");
        }

        if (maxRetryInterval is { } max && max < firstRetryInterval)
        {
            throw new ArgumentOutOfRangeException(nameof(maxRetryInterval), max, "The maximum retry interval must not be shorter than the first.");
        }

        if (retryTimeout is { } timeout && timeout <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(retryTimeout), timeout, "The retry timeout must be positive.");
        }

        MaxNumberOfAttempts = maxNumberOfAttempts;
        FirstRetryInterval = firstRetryInterval;
        BackoffCoefficient = backoffCoefficient;
        MaxRetryInterval = maxRetryInterval;
        RetryTimeout = retryTimeout;
    }

    /// <summary>Attempts in total, the first included.</summary>
    public int MaxNumberOfAttempts { get; }

    /// <summary>Delay before the second attempt.</summary>
    public TimeSpan FirstRetryInterval { get; }

    /// <summary>Multiplier applied to the delay for each further attempt.</summary>
    public double BackoffCoefficient { get; }

    /// <summary>Longest delay between attempts, or null for unbounded.</summary>
    public TimeSpan? MaxRetryInterval { get; }

    /// <summary>No attempt starts later than this after the first, or null for unbounded.</summary>
    public TimeSpan? RetryTimeout { get; }

    /// <summary>
    /// Decides whether a failure is worth retrying (e.g. not for validation errors); default: every failure. It must be
    /// deterministic: it runs again on replay.
    /// </summary>
    public Func<WorkflowFailureDetails, bool>? HandleFailure { get; init; }

    /// <summary>The delay after failed attempt <paramref name="attempt"/> (1-based).</summary>
    public TimeSpan GetDelay(int attempt)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(attempt, 1);
        var ticks = FirstRetryInterval.Ticks * Math.Pow(BackoffCoefficient, attempt - 1);
        var cap = (MaxRetryInterval ?? TimeSpan.MaxValue).Ticks;
        return ticks >= cap ? TimeSpan.FromTicks(cap) : TimeSpan.FromTicks((long)ticks);
    }
}
