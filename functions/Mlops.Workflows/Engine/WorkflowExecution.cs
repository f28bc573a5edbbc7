using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging;

namespace Mlops.Workflows.Engine;

/// <summary>
/// One execution of a workflow in memory: the <see cref="IWorkflowContext"/> its code runs against, fed with history
/// events. Live, every event applied and every action the code takes is collected for the next commit; on replay
/// (after a restart or a move to another host) the recorded events are applied again and the actions the code takes
/// are matched against the recorded ones by sequence number, so nothing runs twice and changed code is detected.
/// Not thread-safe: the owning actor calls it from one step at a time.
/// </summary>
internal sealed class WorkflowExecution : IWorkflowContext
{
    private readonly WorkflowDefinition? _definition;
    private readonly IServiceProvider _services;
    private readonly JsonSerializerOptions _json;
    private readonly WorkflowSynchronizationContext _sync;
    private readonly Dictionary<int, HistoryEvent> _recorded = [];
    private readonly HashSet<int> _matched = [];
    private readonly Dictionary<int, OpenTask> _open = [];
    private readonly List<HistoryEvent> _buffered = [];
    private readonly Dictionary<string, LinkedList<TaskCompletionSource<string?>>> _waiters = new(StringComparer.OrdinalIgnoreCase);
    private readonly HashSet<string> _eventIds = new(StringComparer.Ordinal);
    private readonly List<HistoryEvent> _pending = [];
    private readonly List<OpenTask> _newWork = [];
    private readonly List<HistoryEvent> _carried = [];
    private int _maxRecordedId = -1;
    private int _nextTaskId;
    private int _guidCounter;
    private string? _input;
    private Task<object?>? _run;
    private bool _continueAsNew;
    private bool _preserveEvents;
    private string? _continueInput;
    private NonDeterministicWorkflowException? _fault;

    public WorkflowExecution(
        string instanceId,
        string name,
        string executionId,
        WorkflowDefinition? definition,
        IServiceProvider services,
        JsonSerializerOptions json,
        Action onViolation)
    {
        InstanceId = instanceId;
        Name = name;
        ExecutionId = executionId;
        _definition = definition;
        _services = services;
        _json = json;
        _sync = new WorkflowSynchronizationContext(() =>
        {
            Volatile.Write(ref _fault, _fault ?? new NonDeterministicWorkflowException(
                $"Workflow '{name}' awaited a task that is not a workflow task (such as Task.Delay, Task.Run, I/O or ConfigureAwait(false)). " +
                "Workflow code may await only tasks from its IWorkflowContext; do I/O in activities and wait with CreateTimer."));
            onViolation();
        });
    }

    public string InstanceId { get; }

    public string Name { get; }

    public string ExecutionId { get; }

    public DateTime CurrentUtcDateTime { get; private set; }

    public bool IsReplaying { get; private set; }

    /// <summary>The last custom status the code set (JSON).</summary>
    public string? CustomStatus { get; private set; }

    /// <summary>Set once the execution has ended; nothing is applied after.</summary>
    public ExecutionOutcome? Outcome { get; private set; }

    /// <summary>True once <see cref="WorkflowHistoryEventKind.ExecutionStarted"/> has been applied.</summary>
    public bool IsStarted { get; private set; }

    /// <summary>True when the code awaited a foreign task and the next step must fail the instance.</summary>
    public bool HasViolation => Volatile.Read(ref _fault) is not null && Outcome is null;

    /// <summary>Rebuilds the in-memory state from history; actions the code takes that history lacks are kept for the next commit.</summary>
    public void Replay(IReadOnlyList<Episode> history)
    {
        foreach (var recorded in history.SelectMany(e => e.Events))
        {
            if (recorded.IsAction && recorded.TaskId is { } id)
            {
                _recorded[id] = recorded;
                _maxRecordedId = Math.Max(_maxRecordedId, id);
            }
        }

        IsReplaying = true;
        try
        {
            foreach (var episode in history)
            {
                CurrentUtcDateTime = episode.Timestamp.UtcDateTime;
                foreach (var recorded in episode.Events.Where(e => !e.IsAction))
                {
                    Apply(recorded, record: false);
                    if (Outcome is not null)
                    {
                        return;
                    }
                }
            }
        }
        finally
        {
            IsReplaying = false;
        }

        var missing = _recorded.Keys.Where(id => !_matched.Contains(id)).Order().ToList();
        if (missing.Count > 0 && Outcome is null)
        {
            var first = _recorded[missing[0]];
            Fault($"History of workflow '{Name}' records {Describe(first.Kind, first.Name)} as call #{first.TaskId}, but the code no longer makes that call. " +
                "Do not change a workflow's code while instances of it are running; register the new version under a new name.");
            CheckOutcome();
        }
    }

    /// <summary>Starts a live step at <paramref name="now"/>.</summary>
    public void BeginStep(DateTimeOffset now) => CurrentUtcDateTime = now.UtcDateTime;

    /// <summary>Applies an event: runs the code it resumes and, when <paramref name="record"/>, keeps it for the next commit.</summary>
    public void Apply(HistoryEvent historyEvent, bool record = true)
    {
        if (Outcome is not null)
        {
            if (Outcome.Status == WorkflowRuntimeStatus.ContinuedAsNew && historyEvent.Kind == WorkflowHistoryEventKind.EventRaised && _preserveEvents)
            {
                _carried.Add(historyEvent);
            }

            return;
        }

        if (record)
        {
            _pending.Add(historyEvent);
        }

        try
        {
            _sync.Run(() => Dispatch(historyEvent));
        }
        catch (Exception ex)
        {
            // Code that throws synchronously out of a continuation (a cancellation callback, say) fails the
            // instance rather than the engine, which would otherwise retry the same step forever.
            Fail(WorkflowFailureDetails.FromException(ex));
        }

        CheckOutcome();
    }

    /// <summary>Ends the execution as terminated.</summary>
    public void Terminate(string? reason)
    {
        if (Outcome is not null)
        {
            return;
        }

        _pending.Add(new HistoryEvent { Kind = WorkflowHistoryEventKind.ExecutionTerminated, Payload = reason });
        Outcome = new ExecutionOutcome(WorkflowRuntimeStatus.Terminated, Output: reason);
    }

    /// <summary>Ends the execution as failed for a reason outside the code (a violation, a step too large).</summary>
    public void Fail(WorkflowFailureDetails failure)
    {
        if (Outcome is not null)
        {
            return;
        }

        SetOutcome(new ExecutionOutcome(WorkflowRuntimeStatus.Failed, Failure: failure));
    }

    /// <summary>Fails the execution if the code awaited a foreign task.</summary>
    public void CheckViolation() => CheckOutcome();

    /// <summary>True when a task with this id is awaited and not yet done.</summary>
    public bool IsOpen(int taskId, WorkflowHistoryEventKind kind) =>
        _open.TryGetValue(taskId, out var task) && task.Kind == kind && !task.IsDone;

    public OpenTask? FindOpen(int taskId) => _open.TryGetValue(taskId, out var task) && !task.IsDone ? task : null;

    public bool HasSeenEvent(string eventId) => _eventIds.Contains(eventId);

    /// <summary>Events and actions to commit, in order; clears them.</summary>
    public List<HistoryEvent> TakePending()
    {
        var events = _pending.ToList();
        _pending.Clear();
        return events;
    }

    public bool HasPending => _pending.Count > 0;

    /// <summary>Calls scheduled since the last commit; marks them committed (call after the commit succeeded).</summary>
    public List<OpenTask> TakeNewWork()
    {
        var work = _newWork.Where(t => !t.IsDone).ToList();
        foreach (var task in _newWork)
        {
            task.Committed = true;
        }

        _newWork.Clear();
        return work;
    }

    /// <summary>Committed calls still awaited: what must run (again) after a load.</summary>
    public List<OpenTask> OutstandingWork() => _open.Values.Where(t => t.Committed && !t.IsDone).OrderBy(t => t.Id).ToList();

    public T? GetInput<T>() => EngineJson.DeserializePayload<T>(_input, _json);

    public Task<TResult> CallActivityAsync<TResult>(string name, object? input = null, WorkflowTaskOptions? options = null)
    {
        EnsureInWorkflow();
        WorkflowRegistry.CheckName(name);
        var payload = EngineJson.SerializePayload(input, null, _json, $"input of activity '{name}'");
        return CallAsync<TResult>(options?.Retry, _ => Schedule(WorkflowHistoryEventKind.ActivityScheduled, name, payload, null, null).Completion.Task);
    }

    public Task CallActivityAsync(string name, object? input = null, WorkflowTaskOptions? options = null) =>
        CallActivityAsync<JsonElement?>(name, input, options);

    public Task<TResult> CallSubWorkflowAsync<TResult>(string name, object? input = null, WorkflowTaskOptions? options = null)
    {
        EnsureInWorkflow();
        WorkflowRegistry.CheckName(name);
        var payload = EngineJson.SerializePayload(input, null, _json, $"input of sub-workflow '{name}'");
        var explicitId = (options as SubWorkflowOptions)?.InstanceId;
        if (explicitId is not null)
        {
            InstanceIds.Validate(explicitId, nameof(SubWorkflowOptions.InstanceId));
        }

        return CallAsync<TResult>(options?.Retry, attempt =>
        {
            var childId = explicitId is null
                ? string.Create(CultureInfo.InvariantCulture, $"{ExecutionId}:{_nextTaskId}")
                : attempt == 1 ? explicitId : string.Create(CultureInfo.InvariantCulture, $"{explicitId}~{attempt}");
            return Schedule(WorkflowHistoryEventKind.SubWorkflowScheduled, name, payload, null, childId).Completion.Task;
        });
    }

    public Task CallSubWorkflowAsync(string name, object? input = null, WorkflowTaskOptions? options = null) =>
        CallSubWorkflowAsync<JsonElement?>(name, input, options);

    public Task CreateTimer(DateTime fireAt, CancellationToken cancellationToken)
    {
        EnsureInWorkflow();
        var utc = fireAt.Kind == DateTimeKind.Local ? fireAt.ToUniversalTime() : DateTime.SpecifyKind(fireAt, DateTimeKind.Utc);
        var timer = Schedule(WorkflowHistoryEventKind.TimerCreated, null, null, utc, null);
        if (cancellationToken.CanBeCanceled && !timer.IsDone)
        {
            var registration = cancellationToken.Register(() => timer.Completion.TrySetCanceled(cancellationToken));
            timer.Completion.Task.ContinueWith(_ => registration.Dispose(), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        }

        return timer.Completion.Task;
    }

    public Task<T> WaitForExternalEvent<T>(string name, CancellationToken cancellationToken = default)
    {
        EnsureInWorkflow();
        EventNames.Validate(name, nameof(name));
        var index = _buffered.FindIndex(e => string.Equals(e.Name, name, StringComparison.OrdinalIgnoreCase));
        if (index >= 0)
        {
            var buffered = _buffered[index];
            _buffered.RemoveAt(index);
            return ConvertAsync<T>(Task.FromResult(buffered.Payload));
        }

        var waiter = new TaskCompletionSource<string?>();
        if (!_waiters.TryGetValue(name, out var queue))
        {
            _waiters[name] = queue = new LinkedList<TaskCompletionSource<string?>>();
        }

        var node = queue.AddLast(waiter);
        if (cancellationToken.CanBeCanceled)
        {
            var registration = cancellationToken.Register(() =>
            {
                if (waiter.TrySetCanceled(cancellationToken) && node.List is not null)
                {
                    queue.Remove(node);
                }
            });
            waiter.Task.ContinueWith(_ => registration.Dispose(), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        }

        return ConvertAsync<T>(waiter.Task);
    }

    public Guid NewGuid()
    {
        EnsureInWorkflow();
        var text = string.Create(CultureInfo.InvariantCulture, $"{InstanceId}|{ExecutionId}|{CurrentUtcDateTime:O}|{_guidCounter++}");
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(Encoding.UTF8.GetBytes(text), hash);
        var bytes = hash[..16];
        bytes[6] = (byte)((bytes[6] & 0x0F) | 0x80); // version 8: a custom, name-based UUID (RFC 9562)
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80);
        return new Guid(bytes, bigEndian: true);
    }

    public void SetCustomStatus(object? customStatus)
    {
        EnsureInWorkflow();
        CustomStatus = EngineJson.SerializePayload(customStatus, null, _json, "custom status");
    }

    public void ContinueAsNew(object? newInput = null, bool preserveUnprocessedEvents = true)
    {
        EnsureInWorkflow();
        _continueInput = EngineJson.SerializePayload(newInput, null, _json, "input of ContinueAsNew");
        _preserveEvents = preserveUnprocessedEvents;
        _continueAsNew = true;
    }

    public ILogger CreateReplaySafeLogger(ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(logger);
        return new ReplaySafeLogger(logger, this);
    }

    private static string Describe(WorkflowHistoryEventKind kind, string? name) => kind switch
    {
        WorkflowHistoryEventKind.ActivityScheduled => $"activity '{name}'",
        WorkflowHistoryEventKind.SubWorkflowScheduled => $"sub-workflow '{name}'",
        WorkflowHistoryEventKind.TimerCreated => "a timer",
        _ => kind.ToString(),
    };

    private void Dispatch(HistoryEvent historyEvent)
    {
        switch (historyEvent.Kind)
        {
            case WorkflowHistoryEventKind.ExecutionStarted:
                IsStarted = true;
                _input = historyEvent.Payload;
                _run = RunAsync();
                break;
            case WorkflowHistoryEventKind.ActivityCompleted or WorkflowHistoryEventKind.SubWorkflowCompleted:
                if (historyEvent.TaskId is { } completed && _open.Remove(completed, out var done))
                {
                    done.Completion.TrySetResult(historyEvent.Payload);
                }

                break;
            case WorkflowHistoryEventKind.ActivityFailed or WorkflowHistoryEventKind.SubWorkflowFailed:
                if (historyEvent.TaskId is { } failedId && _open.Remove(failedId, out var failed))
                {
                    var failure = historyEvent.Failure ?? new WorkflowFailureDetails("Unknown", "The task failed without details.");
                    failed.Completion.TrySetException(new WorkflowTaskFailedException(failed.Name ?? historyEvent.Name ?? "?", failedId, failure));
                }

                break;
            case WorkflowHistoryEventKind.TimerFired:
                if (historyEvent.TaskId is { } timerId && _open.Remove(timerId, out var timer))
                {
                    timer.Completion.TrySetResult(null);
                }

                break;
            case WorkflowHistoryEventKind.EventRaised:
                if (historyEvent.EventId is { } eventId)
                {
                    _eventIds.Add(eventId);
                }

                Deliver(historyEvent);
                break;
        }
    }

    private void Deliver(HistoryEvent raised)
    {
        if (raised.Name is not null && _waiters.TryGetValue(raised.Name, out var queue))
        {
            while (queue.First is { } node)
            {
                queue.RemoveFirst();
                if (node.Value.TrySetResult(raised.Payload))
                {
                    return;
                }
            }
        }

        _buffered.Add(raised);
    }

    private async Task<object?> RunAsync()
    {
        if (_definition is null)
        {
            throw new InvalidOperationException($"No workflow named '{Name}' is registered in this host.");
        }

        var input = EngineJson.DeserializePayload(_input, _definition.InputType, _json);
        return await _definition.Run(_services, this, input);
    }

    private void CheckOutcome()
    {
        if (Outcome is not null)
        {
            return;
        }

        if (Volatile.Read(ref _fault) is { } fault)
        {
            SetOutcome(new ExecutionOutcome(WorkflowRuntimeStatus.Failed, Failure: WorkflowFailureDetails.FromException(fault)));
            return;
        }

        if (_run is not { IsCompleted: true } run)
        {
            return;
        }

        if (run.IsFaulted)
        {
            var exception = run.Exception!.InnerExceptions.Count == 1 ? run.Exception.InnerException! : run.Exception;
            SetOutcome(new ExecutionOutcome(WorkflowRuntimeStatus.Failed, Failure: WorkflowFailureDetails.FromException(exception)));
        }
        else if (run.IsCanceled)
        {
            SetOutcome(new ExecutionOutcome(WorkflowRuntimeStatus.Failed, Failure: new WorkflowFailureDetails(
                typeof(TaskCanceledException).FullName!, $"Workflow '{Name}' ended with a cancelled task (an awaited timer or event wait was cancelled and not caught).")));
        }
        else if (_continueAsNew)
        {
            if (_preserveEvents)
            {
                _carried.AddRange(_buffered);
            }

            SetOutcome(new ExecutionOutcome(WorkflowRuntimeStatus.ContinuedAsNew, Output: _continueInput, CarriedEvents: _carried));
        }
        else
        {
            try
            {
                var output = EngineJson.SerializePayload(run.Result, _definition!.OutputType, _json, $"output of workflow '{Name}'");
                SetOutcome(new ExecutionOutcome(WorkflowRuntimeStatus.Completed, Output: output));
            }
            catch (Exception ex) when (ex is WorkflowPayloadTooLargeException or JsonException or NotSupportedException)
            {
                SetOutcome(new ExecutionOutcome(WorkflowRuntimeStatus.Failed, Failure: WorkflowFailureDetails.FromException(ex)));
            }
        }
    }

    private void SetOutcome(ExecutionOutcome outcome)
    {
        Outcome = outcome;
        _pending.Add(outcome.Status switch
        {
            WorkflowRuntimeStatus.Completed => new HistoryEvent { Kind = WorkflowHistoryEventKind.ExecutionCompleted, Payload = outcome.Output },
            WorkflowRuntimeStatus.ContinuedAsNew => new HistoryEvent { Kind = WorkflowHistoryEventKind.ContinuedAsNew, Payload = outcome.Output },
            _ => new HistoryEvent { Kind = WorkflowHistoryEventKind.ExecutionFailed, Failure = outcome.Failure },
        });
    }

    private OpenTask Schedule(WorkflowHistoryEventKind kind, string? name, string? input, DateTime? fireAt, string? childInstanceId)
    {
        var id = _nextTaskId++;
        if (_recorded.TryGetValue(id, out var recorded))
        {
            if (recorded.Kind != kind || !string.Equals(recorded.Name, name, StringComparison.OrdinalIgnoreCase))
            {
                throw Fault($"Workflow '{Name}' made call #{id} to {Describe(kind, name)}, but its history records {Describe(recorded.Kind, recorded.Name)}. " +
                    "Do not change a workflow's code while instances of it are running; register the new version under a new name.");
            }

            _matched.Add(id);
            var replayed = new OpenTask(id, kind, recorded.Name, recorded.Payload, recorded.FireAt, recorded.InstanceId) { Committed = true };
            _open[id] = replayed;
            return replayed;
        }

        if (IsReplaying && id < _maxRecordedId)
        {
            throw Fault($"Workflow '{Name}' made call #{id} to {Describe(kind, name)}, which its history does not record. " +
                "Do not change a workflow's code while instances of it are running; register the new version under a new name.");
        }

        var task = new OpenTask(id, kind, name, input, fireAt, childInstanceId);
        _open[id] = task;
        _newWork.Add(task);
        _pending.Add(new HistoryEvent { Kind = kind, TaskId = id, Name = name, Payload = input, FireAt = fireAt, InstanceId = childInstanceId });
        return task;
    }

    private async Task<TResult> CallAsync<TResult>(WorkflowRetryPolicy? retry, Func<int, Task<string?>> attempt)
    {
        if (retry is null)
        {
            return EngineJson.DeserializePayload<TResult>(await attempt(1), _json);
        }

        var started = CurrentUtcDateTime;
        for (var number = 1; ; number++)
        {
            try
            {
                return EngineJson.DeserializePayload<TResult>(await attempt(number), _json);
            }
            catch (WorkflowTaskFailedException ex) when (number < retry.MaxNumberOfAttempts && (retry.HandleFailure?.Invoke(ex.FailureDetails) ?? true))
            {
                var delay = retry.GetDelay(number);
                if (retry.RetryTimeout is { } timeout && CurrentUtcDateTime + delay - started > timeout)
                {
                    throw;
                }

                await CreateTimer(CurrentUtcDateTime + delay, CancellationToken.None);
            }
        }
    }

    private async Task<T> ConvertAsync<T>(Task<string?> payload) => EngineJson.DeserializePayload<T>(await payload, _json);

    private NonDeterministicWorkflowException Fault(string message)
    {
        var exception = new NonDeterministicWorkflowException(message);
        Volatile.Write(ref _fault, _fault ?? exception);
        return exception;
    }

    private void EnsureInWorkflow()
    {
        if (!_sync.IsPumpingOnCurrentThread)
        {
            throw new InvalidOperationException(
                $"Workflow '{Name}' called its context outside workflow code (from another thread, or after awaiting a non-workflow task).");
        }
    }
}
