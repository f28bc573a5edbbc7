using Azure;
using Mlops.Core.Monitoring;

namespace Mlops.Core.Tests.Monitoring;

/// <summary>
/// Decorates the real blob sink to make storage slow (blocked until <see cref="Open"/>) or failing (each attempt's
/// exception chosen by <c>fail</c>) while the rest of the log runs for real.
/// </summary>
internal sealed class ControllableSink(bool blocked = false, Func<int, Exception?>? fail = null, int signalAtAttempt = 1) : IPredictionLogSink
{
    private readonly TaskCompletionSource _open = NewSignal(!blocked);
    private readonly TaskCompletionSource _entered = NewSignal(false);
    private readonly TaskCompletionSource _reached = NewSignal(false);
    private int _attempts;

    public IPredictionLogSink? Inner { get; set; }

    /// <summary>Completes when the writer first calls the sink.</summary>
    public Task Entered => _entered.Task;

    /// <summary>Completes when the writer has called the sink signalAtAttempt times.</summary>
    public Task AttemptsReached => _reached.Task;

    public int Attempts => Volatile.Read(ref _attempts);

    public static RequestFailedException Unavailable() => new(503, "Storage is unavailable (test).");

    public void Open() => _open.TrySetResult();

    public async Task WriteAsync(string blobName, ReadOnlyMemory<byte> content, CancellationToken cancellationToken)
    {
        var attempt = Interlocked.Increment(ref _attempts);
        _entered.TrySetResult();
        if (attempt >= signalAtAttempt)
        {
            _reached.TrySetResult();
        }

        if (fail?.Invoke(attempt) is { } exception)
        {
            throw exception;
        }

        await _open.Task.WaitAsync(cancellationToken);
        await Inner!.WriteAsync(blobName, content, cancellationToken);
    }

    private static TaskCompletionSource NewSignal(bool set)
    {
        var source = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        if (set)
        {
            source.SetResult();
        }

        return source;
    }
}
