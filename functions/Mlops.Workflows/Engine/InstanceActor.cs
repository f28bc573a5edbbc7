using System.Globalization;
using Azure;
using Azure.Data.Tables;
using Microsoft.Extensions.Logging;

namespace Mlops.Workflows.Engine;

/// <summary>
/// One instance in memory on the host that owns its partition. Items (messages, activity results, timers) queue up
/// while a step commits; the next step applies all of them and commits once, so a fan-in of many results costs few
/// writes. Activities and timers run in-process right after the commit that schedules them: the history is the
/// durable record, and a host that loads the instance later re-runs whatever history shows as scheduled but not done.
/// </summary>
internal sealed class InstanceActor
{
    private const int MaxItemsPerStep = 100;
    private readonly WorkflowEngine _engine;
    private readonly PartitionWorker _worker;
    private readonly object _gate = new();
    private readonly List<InboxItem> _inbox = [];
    private readonly CancellationTokenSource _stop = new();
    private readonly List<ITimer> _timers = [];
    private bool _running;
    private bool _closed;
    private Task _loop = Task.CompletedTask;
    private InstanceRecord? _record;
    private WorkflowExecution? _execution;
    private int _nextEpisode;
    private int _generation;
    private int _failures;
    private CancellationTokenSource? _work;

    public InstanceActor(WorkflowEngine engine, PartitionWorker worker, string instanceId)
    {
        _engine = engine;
        _worker = worker;
        InstanceId = instanceId;
    }

    public string InstanceId { get; }

    private WorkflowStore Store => _engine.Store;

    private CancellationToken Storage => _engine.Crashed;

    /// <summary>Queues an item; false when the actor has closed (the caller creates a new one).</summary>
    public bool TryPost(InboxItem item)
    {
        lock (_gate)
        {
            if (_closed)
            {
                return false;
            }

            _inbox.Add(item);
            if (!_running)
            {
                _running = true;
                _loop = Task.Run(RunAsync, CancellationToken.None);
            }

            return true;
        }
    }

    /// <summary>Stops after the current step; running activities are cancelled and their results dropped.</summary>
    public async Task StopAsync()
    {
        Task loop;
        lock (_gate)
        {
            _closed = true;
            loop = _loop;
        }

        await _stop.CancelAsync().ConfigureAwait(false);
        CancelWork();
        await loop.ConfigureAwait(false);
    }

    private async Task RunAsync()
    {
        while (true)
        {
            List<InboxItem> batch;
            lock (_gate)
            {
                var needsStep = _execution is { } execution && (execution.HasPending || execution.HasViolation);
                if (_stop.IsCancellationRequested || (_inbox.Count == 0 && !needsStep))
                {
                    _running = false;
                    return;
                }

                var take = Math.Min(_inbox.Count, MaxItemsPerStep);
                batch = _inbox.GetRange(0, take);
                _inbox.RemoveRange(0, take);
            }

            try
            {
                await StepAsync(batch).ConfigureAwait(false);
                _failures = 0;
            }
            catch (OperationCanceledException) when (Storage.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                if (ex is RequestFailedException { Status: 409 or 412 })
                {
                    WorkflowLog.CommitConflict(_engine.Logger, InstanceId);
                }
                else
                {
                    WorkflowLog.StepFailed(_engine.Logger, InstanceId, ex);
                }

                // Start over from storage: messages are applied again (redeliveries are recognized), activities
                // still outstanding in history run again (at least once).
                Unload();
                lock (_gate)
                {
                    _inbox.InsertRange(0, batch.OfType<MessageItem>());
                    if (_inbox.Count == 0)
                    {
                        _inbox.Add(new WakeItem());
                    }
                }

                try
                {
                    // Back off on repeated failures (storage down, an unreadable row) instead of spinning.
                    _failures++;
                    var delay = ex is RequestFailedException { Status: 409 or 412 } && _failures == 1
                        ? TimeSpan.FromMilliseconds(50)
                        : TimeSpan.FromSeconds(Math.Min(30, 1 << Math.Min(_failures - 1, 5)));
                    await Task.Delay(delay, _stop.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    lock (_gate)
                    {
                        _running = false;
                    }

                    return;
                }
            }
        }
    }

    private async Task StepAsync(List<InboxItem> batch)
    {
        if (_execution is null && !await LoadAsync(batch).ConfigureAwait(false))
        {
            return;
        }

        var execution = _execution!;
        var record = _record!;
        var messages = batch.OfType<MessageItem>().ToList();

        var children = new Dictionary<MessageItem, InstanceRecord>();
        foreach (var item in messages.Where(m => m.Message.Kind == ControlMessageKind.SubWorkflowDone))
        {
            if (item.Message is { TaskId: { } taskId, ChildInstanceId: { } childId } && item.Message.ExecutionId == record.ExecutionId
                && execution.FindOpen(taskId) is { Kind: WorkflowHistoryEventKind.SubWorkflowScheduled } open && open.ChildInstanceId == childId
                && await Store.ReadInstanceAsync(childId, Storage).ConfigureAwait(false) is { IsTerminal: true } child)
            {
                children[item] = child;
            }
        }

        var now = Store.Time.GetUtcNow();
        execution.BeginStep(now);
        if (!execution.IsStarted && execution.Outcome is null)
        {
            if (messages.FirstOrDefault(m => m.Message.Kind == ControlMessageKind.Terminate) is { } terminate)
            {
                execution.Terminate(terminate.Message.Payload);
            }
            else
            {
                execution.Apply(new HistoryEvent { Kind = WorkflowHistoryEventKind.ExecutionStarted, Name = record.Name, Payload = record.Input });
            }
        }

        // Items after the end are still offered: events then carry over into a continued-as-new execution; a
        // termination waits for that execution.
        var deferred = new List<MessageItem>();
        foreach (var item in batch)
        {
            if (item is MessageItem { Message.Kind: ControlMessageKind.Terminate } terminate && execution.Outcome?.Status == WorkflowRuntimeStatus.ContinuedAsNew)
            {
                deferred.Add(terminate);
                continue;
            }

            Apply(execution, item, children);
        }

        execution.CheckViolation();
        if (execution.HasPending)
        {
            await CommitAsync(execution, record, now).ConfigureAwait(false);
        }

        foreach (var message in messages.Except(deferred))
        {
            _worker.Delete(message.Held);
        }

        if (deferred.Count > 0)
        {
            lock (_gate)
            {
                _inbox.InsertRange(0, deferred);
            }
        }
    }

    private void Apply(WorkflowExecution execution, InboxItem item, Dictionary<MessageItem, InstanceRecord> children)
    {
        switch (item)
        {
            case MessageItem { Message.Kind: ControlMessageKind.Terminate } terminate:
                execution.Terminate(terminate.Message.Payload);
                break;
            case MessageItem { Message.Kind: ControlMessageKind.Event } raised
                when raised.Message.EventId is null || !execution.HasSeenEvent(raised.Message.EventId):
                execution.Apply(new HistoryEvent
                {
                    Kind = WorkflowHistoryEventKind.EventRaised,
                    Name = raised.Message.Name,
                    Payload = raised.Message.Payload,
                    EventId = raised.Message.EventId,
                });
                break;
            case MessageItem { Message.TaskId: { } taskId } done when children.TryGetValue(done, out var child):
                execution.Apply(ChildEvent(taskId, child));
                break;
            case ActivityResultItem result when result.Generation == _generation && execution.IsOpen(result.TaskId, WorkflowHistoryEventKind.ActivityScheduled):
                execution.Apply(result.Failure is null
                    ? new HistoryEvent { Kind = WorkflowHistoryEventKind.ActivityCompleted, TaskId = result.TaskId, Payload = result.Result }
                    : new HistoryEvent { Kind = WorkflowHistoryEventKind.ActivityFailed, TaskId = result.TaskId, Failure = result.Failure });
                break;
            case TimerFiredItem timer when timer.Generation == _generation && execution.IsOpen(timer.TaskId, WorkflowHistoryEventKind.TimerCreated):
                var open = execution.FindOpen(timer.TaskId)!;
                if (open.FireAt > execution.CurrentUtcDateTime)
                {
                    // Early (clock granularity): the workflow must never see a timer fire before its time.
                    ArmTimer(_generation, open);
                    break;
                }

                execution.Apply(new HistoryEvent { Kind = WorkflowHistoryEventKind.TimerFired, TaskId = timer.TaskId });
                break;
            case ChildResultItem result when result.Generation == _generation && execution.IsOpen(result.TaskId, WorkflowHistoryEventKind.SubWorkflowScheduled):
                execution.Apply(result.Child is { } finished
                    ? ChildEvent(result.TaskId, finished)
                    : new HistoryEvent { Kind = WorkflowHistoryEventKind.SubWorkflowFailed, TaskId = result.TaskId, Failure = result.Failure });
                break;
        }
    }

    private static HistoryEvent ChildEvent(int taskId, InstanceRecord child) => child.Status switch
    {
        WorkflowRuntimeStatus.Completed => new HistoryEvent { Kind = WorkflowHistoryEventKind.SubWorkflowCompleted, TaskId = taskId, Payload = child.Output },
        WorkflowRuntimeStatus.Terminated => new HistoryEvent
        {
            Kind = WorkflowHistoryEventKind.SubWorkflowFailed,
            TaskId = taskId,
            Failure = new WorkflowFailureDetails("Terminated", $"Sub-workflow '{child.InstanceId}' was terminated: {child.Output}"),
        },
        _ => new HistoryEvent
        {
            Kind = WorkflowHistoryEventKind.SubWorkflowFailed,
            TaskId = taskId,
            Failure = child.Failure ?? new WorkflowFailureDetails("Unknown", $"Sub-workflow '{child.InstanceId}' failed."),
        },
    };

    private async Task<bool> LoadAsync(List<InboxItem> batch)
    {
        var loaded = batch.OfType<StartItem>().FirstOrDefault() is { } start
            ? new LoadedInstance(start.Record, [], [])
            : await Store.LoadAsync(InstanceId, Storage).ConfigureAwait(false);
        if (loaded is null || loaded.Record.IsTerminal)
        {
            if (loaded?.Record is { NotifyParent: true } child)
            {
                await NotifyParentAsync(child).ConfigureAwait(false);
            }

            Close(batch);
            return false;
        }

        if (loaded.StaleRowKeys.Count > 0)
        {
            _ = CleanupAsync(loaded.StaleRowKeys);
        }

        _record = loaded.Record;
        _nextEpisode = loaded.History.Count == 0 ? 0 : loaded.History[^1].Sequence + 1;
        StartGeneration(loaded.Record);
        _execution!.Replay(loaded.History);
        if (_execution.Outcome is null)
        {
            Dispatch(_execution.OutstandingWork());
        }

        return true;
    }

    private void StartGeneration(InstanceRecord record)
    {
        CancelWork();
        _generation++;
        _work = new CancellationTokenSource();
        _execution = new WorkflowExecution(
            InstanceId,
            record.Name,
            record.ExecutionId,
            _engine.Registry.FindWorkflow(record.Name),
            _engine.Services,
            Store.Json,
            () => TryPost(new WakeItem()));
    }

    private async Task CommitAsync(WorkflowExecution execution, InstanceRecord record, DateTimeOffset now)
    {
        var events = execution.TakePending();
        var outcome = execution.Outcome;
        List<TableEntity> rows;
        Episode? restart = null;
        var executionId = record.ExecutionId;
        try
        {
            rows = EpisodeCodec.Encode(InstanceId, record.ExecutionId, new Episode(_nextEpisode, now, events));
            if (outcome?.Status == WorkflowRuntimeStatus.ContinuedAsNew)
            {
                // The new execution's start is committed with the end of the old one, so a crash in between loses nothing.
                executionId = NewExecutionId();
                restart = new Episode(0, now, [
                    new HistoryEvent { Kind = WorkflowHistoryEventKind.ExecutionStarted, Name = record.Name, Payload = outcome.Output },
                    .. outcome.CarriedEvents ?? []]);
                rows.AddRange(EpisodeCodec.Encode(InstanceId, executionId, restart));
            }
        }
        catch (StepTooLargeException ex)
        {
            // The step cannot be stored, so it never happened: record the failure alone.
            outcome = new ExecutionOutcome(WorkflowRuntimeStatus.Failed, Failure: WorkflowFailureDetails.FromException(ex));
            rows = EpisodeCodec.Encode(InstanceId, record.ExecutionId, new Episode(_nextEpisode, now, [new HistoryEvent { Kind = WorkflowHistoryEventKind.ExecutionFailed, Failure = outcome.Failure }]));
            restart = null;
            executionId = record.ExecutionId;
        }

        var status = outcome?.Status ?? WorkflowRuntimeStatus.Running;
        var terminal = status is WorkflowRuntimeStatus.Completed or WorkflowRuntimeStatus.Failed or WorkflowRuntimeStatus.Terminated;
        var next = record with
        {
            Status = status,
            CustomStatus = execution.CustomStatus ?? record.CustomStatus,
            Output = status is WorkflowRuntimeStatus.Completed or WorkflowRuntimeStatus.Terminated ? outcome!.Output : null,
            Failure = outcome?.Failure,
            LastUpdatedAt = now,
            CompletedAt = terminal ? now : null,
            NotifyParent = terminal && record.ParentInstanceId is not null,
        };
        if (restart is not null)
        {
            next = next with { ExecutionId = executionId, Input = outcome!.Output, CustomStatus = null };
        }

        var etag = await Store.CommitAsync(next, rows, record.ETag, Storage).ConfigureAwait(false);
        _record = next with { ETag = etag };
        _nextEpisode++;

        if (restart is not null)
        {
            _ = CleanupAsync(null, record.ExecutionId);
            StartGeneration(_record);
            _nextEpisode = 1;
            _execution!.BeginStep(now);
            foreach (var started in restart.Events)
            {
                _execution.Apply(started, record: false);
            }

            return;
        }

        if (!terminal)
        {
            Dispatch(execution.TakeNewWork());
            return;
        }

        if (status == WorkflowRuntimeStatus.Failed)
        {
            WorkflowLog.InstanceFailed(_engine.Logger, record.Name, InstanceId, next.Failure?.ErrorMessage ?? string.Empty);
        }

        WorkflowLog.InstanceEnded(_engine.Logger, record.Name, InstanceId, status);
        CancelWork();
        if (next.NotifyParent)
        {
            await NotifyParentAsync(_record).ConfigureAwait(false);
        }

        Close([]);
    }

    private void Dispatch(List<OpenTask> work)
    {
        var generation = _generation;
        var token = _work!.Token;
        foreach (var task in work)
        {
            switch (task.Kind)
            {
                case WorkflowHistoryEventKind.ActivityScheduled:
                    _engine.Activities.Start(this, generation, task, token);
                    break;
                case WorkflowHistoryEventKind.TimerCreated:
                    ArmTimer(generation, task);
                    break;
                case WorkflowHistoryEventKind.SubWorkflowScheduled:
                    _ = StartChildAsync(generation, task, _record!, token);
                    break;
            }
        }
    }

    private void ArmTimer(int generation, OpenTask task)
    {
        var fireAt = new DateTimeOffset(task.FireAt ?? default, TimeSpan.Zero);
        var due = fireAt - Store.Time.GetUtcNow();
        if (due > TimeSpan.Zero)
        {
            lock (_timers)
            {
                _timers.Add(Store.Time.CreateTimer(_ => TryPost(new TimerFiredItem(generation, task.Id)), null, due, Timeout.InfiniteTimeSpan));
            }

            // The clock may have moved between reading it and creating the timer (a test's fake clock jumps);
            // a second firing is ignored.
            if (Store.Time.GetUtcNow() < fireAt)
            {
                return;
            }
        }

        TryPost(new TimerFiredItem(generation, task.Id));
    }

    private async Task StartChildAsync(int generation, OpenTask task, InstanceRecord parent, CancellationToken cancellationToken)
    {
        var childId = task.ChildInstanceId!;
        var now = Store.Time.GetUtcNow();
        var child = new InstanceRecord
        {
            InstanceId = childId,
            Name = task.Name!,
            Status = WorkflowRuntimeStatus.Pending,
            Partition = Store.PartitionOf(childId),
            ExecutionId = NewExecutionId(),
            Input = task.Input,
            CreatedAt = now,
            LastUpdatedAt = now,
            ParentInstanceId = InstanceId,
            ParentTaskId = task.Id,
            ParentExecutionId = parent.ExecutionId,
        };

        for (var attempt = 1; !cancellationToken.IsCancellationRequested; attempt++)
        {
            try
            {
                try
                {
                    child = await Store.InsertInstanceAsync(child, cancellationToken).ConfigureAwait(false);
                    if (Store.TryDeliverLocally(childId, new StartItem(child)))
                    {
                        return;
                    }
                }
                catch (RequestFailedException ex) when (ex.Status == 409)
                {
                    var existing = await Store.ReadInstanceAsync(childId, cancellationToken).ConfigureAwait(false);
                    if (existing is null)
                    {
                        continue;
                    }

                    if (existing.ParentInstanceId != InstanceId || existing.ParentTaskId != task.Id || existing.ParentExecutionId != parent.ExecutionId)
                    {
                        TryPost(new ChildResultItem(generation, task.Id, null, new WorkflowFailureDetails(
                            "InstanceExists", $"Sub-workflow instance id '{childId}' is already in use by another instance.")));
                        return;
                    }

                    if (existing.IsTerminal)
                    {
                        TryPost(new ChildResultItem(generation, task.Id, existing, null));
                        return;
                    }
                }

                // Sent again after a restart too: a wake for a running instance is harmless.
                await Store.SendAsync(new ControlMessage { Kind = ControlMessageKind.Wake, InstanceId = childId }, cancellationToken).ConfigureAwait(false);
                return;
            }
            catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
            {
                WorkflowLog.ChildStartFailed(_engine.Logger, childId, InstanceId, ex);
                await Task.Delay(TimeSpan.FromSeconds(Math.Min(30, attempt)), cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private async Task NotifyParentAsync(InstanceRecord child)
    {
        await Store.SendAsync(
            new ControlMessage
            {
                Kind = ControlMessageKind.SubWorkflowDone,
                InstanceId = child.ParentInstanceId!,
                TaskId = child.ParentTaskId,
                ExecutionId = child.ParentExecutionId,
                ChildInstanceId = child.InstanceId,
            },
            Storage).ConfigureAwait(false);
        await Store.ClearNotifyParentAsync(child.InstanceId, Storage).ConfigureAwait(false);
    }

    private async Task CleanupAsync(IReadOnlyList<string>? rowKeys, string? executionId = null)
    {
        try
        {
            if (rowKeys is null)
            {
                var prefix = EpisodeCodec.HistoryPrefix + executionId;
                rowKeys = (await Store.ListRowKeysAsync(InstanceId, Storage).ConfigureAwait(false))
                    .Where(key => key.StartsWith(prefix, StringComparison.Ordinal))
                    .ToList();
            }

            await Store.DeleteRowsAsync(InstanceId, rowKeys, Storage).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            // Left-over rows of an old execution are ignored and deleted at the next load.
            WorkflowLog.CleanupFailed(_engine.Logger, InstanceId, ex);
        }
    }

    /// <summary>The instance is finished or gone: delete its messages, leave the worker's map.</summary>
    private void Close(List<InboxItem> batch)
    {
        List<InboxItem> rest;
        lock (_gate)
        {
            _closed = true;
            rest = [.. batch, .. _inbox];
            _inbox.Clear();
        }

        foreach (var message in rest.OfType<MessageItem>())
        {
            _worker.Delete(message.Held);
        }

        Unload();
        _worker.Remove(this);
    }

    private void Unload()
    {
        CancelWork();
        _execution = null;
        _record = null;
    }

    private void CancelWork()
    {
        // Not disposed: activities may still hold its token, and a source without timers holds no resources.
        _work?.Cancel();
        _work = null;
        lock (_timers)
        {
            foreach (var timer in _timers)
            {
                timer.Dispose();
            }

            _timers.Clear();
        }
    }

    private static string NewExecutionId() => Guid.NewGuid().ToString("N", CultureInfo.InvariantCulture);
}
