using Microsoft.Extensions.Logging;

namespace Mlops.Workflows.Engine;

/// <summary>Drops log entries while the workflow replays, so each is written once.</summary>
internal sealed class ReplaySafeLogger(ILogger inner, IWorkflowContext context) : ILogger
{
    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => inner.BeginScope(state);

    public bool IsEnabled(LogLevel logLevel) => !context.IsReplaying && inner.IsEnabled(logLevel);

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        if (!context.IsReplaying)
        {
            inner.Log(logLevel, eventId, state, exception, formatter);
        }
    }
}
