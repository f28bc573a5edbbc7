using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json;
using Azure;
using Azure.Storage.Queues;
using Azure.Storage.Queues.Models;

namespace Mlops.Workflows.Engine;

/// <summary>
/// Runs one partition while this host holds its lease: the only consumer of its control queue (competing consumers
/// are slow on Azure Queues and Azurite), routing messages to instance actors. On start it loads every unfinished
/// instance of the partition, so work of a host that stopped or crashed resumes here.
/// </summary>
internal sealed class PartitionWorker
{
    private const int ReceiveBatch = 32;

    // Catches instances whose in-process start was lost with a lease (a host stalled past its lease): rare, so rarely.
    private static readonly TimeSpan RecoveryInterval = TimeSpan.FromMinutes(5);
    private static readonly TimeSpan MinPollingInterval = TimeSpan.FromMilliseconds(10);
    private readonly WorkflowEngine _engine;
    private readonly QueueClient _queue;
    private readonly ConcurrentDictionary<string, InstanceActor> _actors = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, HeldMessage> _held = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _stop;
    private readonly SemaphoreSlim _nudge = new(0, 1);
    private readonly object _gate = new();
    private bool _accepting = true;
    private Task _loop = Task.CompletedTask;

    public PartitionWorker(WorkflowEngine engine, int partition)
    {
        _engine = engine;
        Partition = partition;
        _queue = engine.Store.Queue(partition);
        _stop = CancellationTokenSource.CreateLinkedTokenSource(engine.Crashed);
    }

    public int Partition { get; }

    public void Start() => _loop = Task.Run(RunAsync, CancellationToken.None);

    /// <summary>Polls at once: a message was just sent to this partition from this process.</summary>
    public void Nudge()
    {
        try
        {
            _nudge.Release();
        }
        catch (SemaphoreFullException)
        {
            // Already nudged.
        }
    }

    /// <summary>Routes an item to the instance's actor, creating it if needed; false once the worker is stopping.</summary>
    public bool TryPost(string instanceId, InboxItem item)
    {
        lock (_gate)
        {
            if (!_accepting)
            {
                return false;
            }

            while (true)
            {
                var actor = _actors.GetOrAdd(instanceId, id => new InstanceActor(_engine, this, id));
                if (actor.TryPost(item))
                {
                    return true;
                }

                _actors.TryRemove(new KeyValuePair<string, InstanceActor>(instanceId, actor));
            }
        }
    }

    public void Remove(InstanceActor actor) => _actors.TryRemove(new KeyValuePair<string, InstanceActor>(actor.InstanceId, actor));

    /// <summary>Deletes a message whose effect is committed (in the background; a failed delete means a harmless redelivery).</summary>
    public void Delete(HeldMessage held) => _ = DeleteAsync(held);

    /// <summary>
    /// Stops polling and the actors. Graceful: messages still held are made visible at once for the next owner;
    /// otherwise (a simulated crash) they reappear when their visibility timeout ends.
    /// </summary>
    public async Task StopAsync(bool graceful)
    {
        lock (_gate)
        {
            _accepting = false;
        }

        await _stop.CancelAsync().ConfigureAwait(false);
        await _loop.ConfigureAwait(false);
        await Task.WhenAll(_actors.Values.Select(actor => actor.StopAsync())).ConfigureAwait(false);
        _actors.Clear();
        if (graceful)
        {
            await Task.WhenAll(_held.Values.Select(ReleaseAsync)).ConfigureAwait(false);
        }
    }

    private async Task RunAsync()
    {
        var token = _stop.Token;
        await RecoverAsync(token).ConfigureAwait(false);
        var delay = MinPollingInterval;
        var lastRecovery = Stopwatch.StartNew();
        while (!token.IsCancellationRequested)
        {
            if (lastRecovery.Elapsed > RecoveryInterval)
            {
                lastRecovery.Restart();
                _ = RecoverAsync(token);
            }

            QueueMessage[] messages;
            try
            {
                messages = (await _queue.ReceiveMessagesAsync(ReceiveBatch, _engine.Options.MessageVisibilityTimeout, token).ConfigureAwait(false)).Value;
            }
            catch (OperationCanceledException) when (token.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                WorkflowLog.PollError(_engine.Logger, Partition, ex);
                await WaitAsync(TimeSpan.FromSeconds(1), token).ConfigureAwait(false);
                continue;
            }

            foreach (var message in messages)
            {
                Dispatch(message);
            }

            if (messages.Length > 0)
            {
                delay = MinPollingInterval;
                continue;
            }

            await WaitAsync(delay, token).ConfigureAwait(false);
            delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, _engine.Options.MaxPollingInterval.Ticks));
        }
    }

    private async Task RecoverAsync(CancellationToken cancellationToken)
    {
        for (var attempt = 1; !cancellationToken.IsCancellationRequested; attempt++)
        {
            try
            {
                await foreach (var instanceId in _engine.Store.QueryUnfinishedAsync(Partition, cancellationToken).ConfigureAwait(false))
                {
                    TryPost(instanceId, new WakeItem());
                }

                return;
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                WorkflowLog.PollError(_engine.Logger, Partition, ex);
                await WaitAsync(TimeSpan.FromSeconds(Math.Min(30, attempt)), cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private void Dispatch(QueueMessage message)
    {
        if (_held.TryGetValue(message.MessageId, out var existing))
        {
            // Redelivered while still being processed (a slow step): only the newest pop receipt can delete it.
            existing.PopReceipt = message.PopReceipt;
            return;
        }

        var held = new HeldMessage(message.MessageId, message.PopReceipt);
        ControlMessage? control;
        try
        {
            control = JsonSerializer.Deserialize<ControlMessage>(message.Body.ToMemory().Span, EngineJson.Options);
        }
        catch (JsonException ex)
        {
            WorkflowLog.PoisonMessage(_engine.Logger, message.MessageId, Partition, ex);
            _ = DeleteAsync(held);
            return;
        }

        if (control is null || string.IsNullOrEmpty(control.InstanceId))
        {
            _ = DeleteAsync(held);
            return;
        }

        _held[held.MessageId] = held;
        TryPost(control.InstanceId, new MessageItem(control, held));
    }

    private async Task DeleteAsync(HeldMessage held)
    {
        try
        {
            await _queue.DeleteMessageAsync(held.MessageId, held.PopReceipt, _engine.Crashed).ConfigureAwait(false);
        }
        catch (RequestFailedException)
        {
            // Already gone, or redelivered with a new receipt: the redelivery is recognized as applied and deleted then.
        }
        catch (OperationCanceledException)
        {
            // Simulated crash.
        }
        finally
        {
            _held.TryRemove(held.MessageId, out _);
        }
    }

    private async Task ReleaseAsync(HeldMessage held)
    {
        try
        {
            await _queue.UpdateMessageAsync(held.MessageId, held.PopReceipt, visibilityTimeout: TimeSpan.Zero).ConfigureAwait(false);
        }
        catch (RequestFailedException)
        {
            // Deleted or redelivered meanwhile.
        }
        finally
        {
            _held.TryRemove(held.MessageId, out _);
        }
    }

    private async Task WaitAsync(TimeSpan delay, CancellationToken cancellationToken)
    {
        try
        {
            await _nudge.WaitAsync(delay, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Stopping.
        }
    }
}
