using Microsoft.Extensions.Logging;

namespace Mlops.Workflows;

/// <summary>
/// What a workflow sees of its engine; mirrors Durable Functions' <c>TaskOrchestrationContext</c> so the same workflow
/// code runs on the embedded engine and in Azure. Workflow code must be deterministic: every input it acts on comes
/// from this context (activity results, timers, events, <see cref="CurrentUtcDateTime"/>, <see cref="NewGuid"/>), all
/// I/O happens in activities, and it awaits only tasks returned by this context (never <c>Task.Delay</c>,
/// <c>Task.Run</c>, I/O or <c>ConfigureAwait(false)</c>), because the engine rebuilds a workflow's state by
/// replaying its recorded history through the same code.
/// </summary>
public interface IWorkflowContext
{
    /// <summary>The registered name of the running workflow.</summary>
    string Name { get; }

    /// <summary>The instance id (caller-given or generated at start).</summary>
    string InstanceId { get; }

    /// <summary>
    /// The time of the current step, recorded in history: the same on every replay. Use it instead of the clock.
    /// </summary>
    DateTime CurrentUtcDateTime { get; }

    /// <summary>True while the engine replays recorded history; side effects such as logging should then be skipped.</summary>
    bool IsReplaying { get; }

    /// <summary>The workflow's input, deserialized to <typeparamref name="T"/>.</summary>
    T? GetInput<T>();

    /// <summary>
    /// Schedules an activity and returns its result. On failure (after the retries in <paramref name="options"/>) the task
    /// throws <see cref="WorkflowTaskFailedException"/>. Pass retries as <c>options:</c>; a second positional argument is
    /// the input.
    /// </summary>
    Task<TResult> CallActivityAsync<TResult>(string name, object? input = null, WorkflowTaskOptions? options = null);

    /// <summary>Schedules an activity whose result is not needed; see <see cref="CallActivityAsync{TResult}"/>.</summary>
    Task CallActivityAsync(string name, object? input = null, WorkflowTaskOptions? options = null);

    /// <summary>
    /// Starts a workflow as a child of this one and returns its output; a failed or terminated child throws
    /// <see cref="WorkflowTaskFailedException"/>. <see cref="SubWorkflowOptions.InstanceId"/> sets the child's id.
    /// </summary>
    Task<TResult> CallSubWorkflowAsync<TResult>(string name, object? input = null, WorkflowTaskOptions? options = null);

    /// <summary>Starts a child workflow whose output is not needed; see <see cref="CallSubWorkflowAsync{TResult}"/>.</summary>
    Task CallSubWorkflowAsync(string name, object? input = null, WorkflowTaskOptions? options = null);

    /// <summary>
    /// A durable timer that completes at <paramref name="fireAt"/> (UTC), surviving restarts. Cancelling
    /// <paramref name="cancellationToken"/> cancels the returned task (the approval-with-timeout pattern:
    /// <c>Task.WhenAny(eventTask, timerTask)</c>, then cancel the loser).
    /// </summary>
    Task CreateTimer(DateTime fireAt, CancellationToken cancellationToken);

    /// <summary>
    /// Waits for an external event raised with <see cref="IWorkflowClient.RaiseEventAsync"/> (names compare
    /// case-insensitively). Events raised before the wait are buffered and delivered in order.
    /// </summary>
    Task<T> WaitForExternalEvent<T>(string name, CancellationToken cancellationToken = default);

    /// <summary>A new GUID, the same on every replay.</summary>
    Guid NewGuid();

    /// <summary>Sets the custom status shown in the instance's status (serialized as JSON; at most <see cref="WorkflowLimits.MaxPayloadBytes"/>).</summary>
    void SetCustomStatus(object? customStatus);

    /// <summary>
    /// Restarts this instance with a fresh history and <paramref name="newInput"/> once the workflow function returns
    /// (its return value is then ignored). Events raised but not yet consumed carry over when
    /// <paramref name="preserveUnprocessedEvents"/> is true.
    /// </summary>
    void ContinueAsNew(object? newInput = null, bool preserveUnprocessedEvents = true);

    /// <summary>A logger that writes only when the workflow is not replaying, so each message is logged once.</summary>
    ILogger CreateReplaySafeLogger(ILogger logger);
}
