using System.Buffers;
using System.IO.Compression;
using System.Threading.Channels;
using Azure;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Mlops.Core.Diagnostics;
using Polly;
using Polly.Retry;

namespace Mlops.Core.Monitoring;

/// <summary>
/// The off-request half of the log: drains the buffer in batches (by count or interval), writes one blob per
/// model and hour per flush, retries storage failures until storage is back, and on graceful shutdown writes
/// everything accepted before it returns (within the host's shutdown timeout).
/// </summary>
internal sealed partial class PredictionLogWriter : BackgroundService
{
    private readonly ChannelPredictionLog _log;
    private readonly IPredictionLogSink _sink;
    private readonly PredictionLogOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger<PredictionLogWriter> _logger;
    private readonly ResiliencePipeline _retry;
    private readonly CancellationTokenSource _abort = new();
    private readonly CancellationToken _abortToken;
    private readonly ArrayBufferWriter<byte> _buffer = new(64 * 1024);
    private readonly MemoryStream _compressed = new(16 * 1024);
    private readonly List<PredictionRecord> _batch = [];
    private long _sequence;
    private int _doneOfBatch;

    public PredictionLogWriter(
        ChannelPredictionLog log,
        IPredictionLogSink sink,
        IOptions<PredictionLogOptions> options,
        TimeProvider timeProvider,
        ILogger<PredictionLogWriter> logger)
    {
        _log = log;
        _sink = sink;
        _options = options.Value;
        _timeProvider = timeProvider;
        _logger = logger;
        _abortToken = _abort.Token;
        _retry = CreateRetry(_options.MaxRetryDelay, timeProvider, logger);
    }

    /// <summary>Names this process's blobs, so writers never collide and never rewrite each other's blobs.</summary>
    public string WriterId { get; } = Guid.NewGuid().ToString("N")[..16];

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!_options.Enabled)
        {
            return;
        }

        // stoppingToken is cancelled only after the drain (StopAsync) or on dispose; either way, stop writing.
        using var registration = stoppingToken.Register(static state => CancelQuietly((CancellationTokenSource)state!), _abort);
        var reader = _log.Reader;
        try
        {
            while (await reader.WaitToReadAsync(_abortToken).ConfigureAwait(false))
            {
                await FillBatchAsync(reader).ConfigureAwait(false);
                await FlushAsync(_abortToken).ConfigureAwait(false);
                _batch.Clear();
            }
        }
        catch (OperationCanceledException) when (_abortToken.IsCancellationRequested)
        {
            var lost = _batch.Count - _doneOfBatch + DiscardBuffered(reader);
            if (lost > 0)
            {
                PredictionLogMetrics.RecordsLost.Add(lost);
                LogLostAtShutdown(_logger, lost);
            }
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        _log.Complete();
        if (ExecuteTask is { } running)
        {
            // Drain everything accepted; the host's shutdown timeout (this token) is the only thing that cuts it short.
            using var registration = cancellationToken.Register(static state => CancelQuietly((CancellationTokenSource)state!), _abort);
            await running.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }

        await base.StopAsync(cancellationToken).ConfigureAwait(false);
    }

    // The host may fire its shutdown token after this service was disposed; cancelling then has nothing left to stop.
    private static void CancelQuietly(CancellationTokenSource source)
    {
        try
        {
            source.Cancel();
        }
        catch (ObjectDisposedException)
        {
        }
    }

    public override void Dispose()
    {
        base.Dispose();
        _abort.Dispose();
        _compressed.Dispose();
    }

    private async Task FillBatchAsync(ChannelReader<PredictionRecord> reader)
    {
        var batchSize = _options.BatchSize;
        Take(reader, batchSize);
        if (_batch.Count >= batchSize)
        {
            return;
        }

        using var window = new CancellationTokenSource(_options.FlushInterval, _timeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(window.Token, _abortToken);
        while (_batch.Count < batchSize)
        {
            try
            {
                if (!await reader.WaitToReadAsync(linked.Token).ConfigureAwait(false))
                {
                    return; // completed: shutting down, write what we have
                }
            }
            catch (OperationCanceledException) when (window.IsCancellationRequested && !_abortToken.IsCancellationRequested)
            {
                return; // the interval is up
            }

            Take(reader, batchSize);
        }
    }

    private void Take(ChannelReader<PredictionRecord> reader, int batchSize)
    {
        var before = _batch.Count;
        while (_batch.Count < batchSize && reader.TryRead(out var record))
        {
            _batch.Add(record);
        }

        PredictionLogMetrics.Buffered.Add(before - _batch.Count);
    }

    private async Task FlushAsync(CancellationToken cancellationToken)
    {
        _doneOfBatch = 0;
        foreach (var partition in _batch.GroupBy(static r => (r.Model, Hour: PredictionLogFormat.HourOf(r.Timestamp))))
        {
            var blobName = PredictionLogFormat.BlobName(partition.Key.Model, partition.Key.Hour, WriterId, ++_sequence);
            _buffer.ResetWrittenCount();
            PredictionLogFormat.WriteLines(_buffer, partition);
            var content = Compress(_buffer.WrittenSpan);
            var count = partition.Count();
            try
            {
                await _retry.ExecuteAsync(
                    static (state, ct) => new ValueTask(state.Sink.WriteAsync(state.BlobName, state.Content, ct)),
                    (Sink: _sink, BlobName: blobName, Content: content),
                    cancellationToken).ConfigureAwait(false);
                PredictionLogMetrics.RecordsWritten.Add(count);
                PredictionLogMetrics.Flushes.Add(1);
                LogWrote(_logger, count, blobName);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // Not transient (storage refused the request itself): retrying cannot help and would stall the log.
                PredictionLogMetrics.RecordsLost.Add(count);
                LogRejected(_logger, e, count, blobName);
            }

            _doneOfBatch += count;
        }
    }

    // The log is the bulk of what serving writes; gzip makes it several times smaller, which is cheaper to send and
    // store, and costs the server about a microsecond a record at the fastest level.
    private ReadOnlyMemory<byte> Compress(ReadOnlySpan<byte> lines)
    {
        _compressed.SetLength(0);
        using (var gzip = new GZipStream(_compressed, CompressionLevel.Fastest, leaveOpen: true))
        {
            gzip.Write(lines);
        }

        return _compressed.GetBuffer().AsMemory(0, (int)_compressed.Length);
    }

    private static int DiscardBuffered(ChannelReader<PredictionRecord> reader)
    {
        var count = 0;
        while (reader.TryRead(out _))
        {
            count++;
        }

        PredictionLogMetrics.Buffered.Add(-count);
        return count;
    }

    private static ResiliencePipeline CreateRetry(TimeSpan maxDelay, TimeProvider timeProvider, ILogger logger)
    {
        var firstDelay = TimeSpan.FromMilliseconds(200);
        return new ResiliencePipelineBuilder { TimeProvider = timeProvider }
            .AddRetry(new RetryStrategyOptions
            {
                // Storage being down must not lose records: keep trying, the buffer applies backpressure meanwhile.
                MaxRetryAttempts = int.MaxValue,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = firstDelay < maxDelay ? firstDelay : maxDelay,
                MaxDelay = maxDelay,
                ShouldHandle = args => ValueTask.FromResult(
                    args.Outcome.Exception is { } e && IsTransient(e, args.Context.CancellationToken)),
                OnRetry = args =>
                {
                    PredictionLogMetrics.WriteFailures.Add(1);
                    LogRetrying(logger, args.Outcome.Exception, args.AttemptNumber + 1, args.RetryDelay);
                    return ValueTask.CompletedTask;
                },
            })
            .Build();
    }

    internal static bool IsTransient(Exception exception, CancellationToken cancellationToken) => exception switch
    {
        // 401/403: credentials and role assignments can take minutes to propagate; 404: container being recreated.
        RequestFailedException e => e.Status is 0 or 401 or 403 or 404 or 408 or 429 or >= 500,
        OperationCanceledException => !cancellationToken.IsCancellationRequested, // a client-side timeout
        HttpRequestException or IOException or TimeoutException => true,
        AggregateException e => e.InnerExceptions.All(inner => IsTransient(inner, cancellationToken)),
        _ => false,
    };

    [LoggerMessage(EventId = LogEvents.PredictionLog + 1, Level = LogLevel.Debug, Message = "Wrote {Count} predictions to {Blob}")]
    private static partial void LogWrote(ILogger logger, int count, string blob);

    [LoggerMessage(EventId = LogEvents.PredictionLog + 2, Level = LogLevel.Warning, Message = "Writing the prediction log failed (attempt {Attempt}); retrying in {Delay}; records stay buffered")]
    private static partial void LogRetrying(ILogger logger, Exception? exception, int attempt, TimeSpan delay);

    [LoggerMessage(EventId = LogEvents.PredictionLog + 3, Level = LogLevel.Error, Message = "Storage rejected {Count} predictions for {Blob}; they are lost")]
    private static partial void LogRejected(ILogger logger, Exception exception, int count, string blob);

    [LoggerMessage(EventId = LogEvents.PredictionLog + 4, Level = LogLevel.Error, Message = "Lost {Count} predictions: they could not be written before the shutdown timeout")]
    private static partial void LogLostAtShutdown(ILogger logger, int count);
}
