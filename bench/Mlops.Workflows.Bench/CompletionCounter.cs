using Microsoft.Extensions.Logging;

namespace Mlops.Workflows.Bench;

/// <summary>
/// Counts instances the engine reports as ended (log event 1606, written after the final commit), so the benchmark
/// knows when a run is done without polling storage, which would distort the operation count.
/// </summary>
internal sealed class CompletionCounter : ILoggerProvider, ILogger
{
    private const int InstanceEnded = 1606;
    private long _ended;
    private TaskCompletionSource _target = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long _expected = long.MaxValue;

    public long Ended => Interlocked.Read(ref _ended);

    public Task WaitForAsync(long total)
    {
        _target = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Interlocked.Exchange(ref _expected, total);
        if (Ended >= total)
        {
            _target.TrySetResult();
        }

        return _target.Task;
    }

    public ILogger CreateLogger(string categoryName) => this;

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Information;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        if (eventId.Id == InstanceEnded && Interlocked.Increment(ref _ended) >= Interlocked.Read(ref _expected))
        {
            _target.TrySetResult();
        }
        else if (logLevel >= LogLevel.Warning)
        {
            Console.Error.WriteLine($"{logLevel}: {formatter(state, exception)} {exception?.Message}");
        }
    }

    public void Dispose()
    {
    }
}
