namespace Mlops.Core.Monitoring;

/// <summary>The log when <see cref="PredictionLogOptions.Enabled"/> is off: accepts and forgets.</summary>
internal sealed class NullPredictionLog : IPredictionLog
{
    public bool IsEnabled => false;

    public ValueTask AppendAsync(PredictionRecord record, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(record);
        return ValueTask.CompletedTask;
    }
}
