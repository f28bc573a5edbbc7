using Microsoft.Extensions.Logging;

namespace Mlops.Workflows.Tests.Infrastructure;

/// <summary>Counts log messages by text.</summary>
public sealed class CountingLogger(Counter counter) : ILogger
{
    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
        counter.Add(formatter(state, exception));
}
