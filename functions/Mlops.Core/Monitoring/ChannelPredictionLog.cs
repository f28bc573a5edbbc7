using System.Threading.Channels;
using Microsoft.Extensions.Options;
using Mlops.Core.Diagnostics;
using Mlops.Core.Registry;

namespace Mlops.Core.Monitoring;

/// <summary>
/// The request-path half of the log: a bounded in-memory buffer. Appending is a channel write; when the buffer is
/// full it waits for <see cref="PredictionLogWriter"/> to make room, so nothing is ever dropped.
/// </summary>
internal sealed class ChannelPredictionLog : IPredictionLog
{
    private readonly Channel<PredictionRecord> _channel;

    public ChannelPredictionLog(IOptions<PredictionLogOptions> options)
    {
        _channel = Channel.CreateBounded<PredictionRecord>(new BoundedChannelOptions(options.Value.Capacity)
        {
            FullMode = BoundedChannelFullMode.Wait,
            SingleReader = true,
            SingleWriter = false,
        });
    }

    public ChannelReader<PredictionRecord> Reader => _channel.Reader;

    public bool IsEnabled => true;

    public ValueTask AppendAsync(PredictionRecord record, CancellationToken cancellationToken = default)
    {
        Validate(record);
        if (_channel.Writer.TryWrite(record))
        {
            PredictionLogMetrics.Buffered.Add(1);
            return ValueTask.CompletedTask;
        }

        return AppendSlowAsync(record, cancellationToken);
    }

    /// <summary>Accepts nothing more; the writer drains what was accepted, then stops.</summary>
    public void Complete() => _channel.Writer.TryComplete();

    private async ValueTask AppendSlowAsync(PredictionRecord record, CancellationToken cancellationToken)
    {
        try
        {
            await _channel.Writer.WriteAsync(record, cancellationToken).ConfigureAwait(false);
        }
        catch (ChannelClosedException e)
        {
            throw MlopsException.Unavailable("The prediction log is shutting down and accepts no more records; retry on another instance.", e);
        }

        PredictionLogMetrics.Buffered.Add(1);
    }

    // Records come from serving, not from clients, so a bad one is a bug: fail it here rather than corrupt a line.
    private static void Validate(PredictionRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        ArgumentException.ThrowIfNullOrEmpty(record.RequestId, nameof(record));
        ModelNames.ValidateModel(record.Model, "model");
        ArgumentOutOfRangeException.ThrowIfNegative(record.Rows, nameof(record));
        if (!double.IsFinite(record.LatencyMs))
        {
            throw new ArgumentException($"LatencyMs must be a finite number; got {record.LatencyMs}.", nameof(record));
        }

        if (!PredictionLogFormat.LooksLikeArray(record.Inputs.Span) || !PredictionLogFormat.LooksLikeArray(record.Outputs.Span))
        {
            throw new ArgumentException("Inputs and Outputs must be UTF-8 JSON arrays.", nameof(record));
        }
    }
}
