namespace Mlops.Workflows.Engine;

/// <summary>
/// Runs a workflow's continuations on the thread of the current step, one at a time, in the order they were posted, so
/// replay is deterministic. A post from any other thread means the workflow awaited something that is not a workflow
/// task (Task.Delay, Task.Run, I/O); it is reported instead of run.
/// </summary>
internal sealed class WorkflowSynchronizationContext(Action onForeignPost) : SynchronizationContext
{
    private readonly Queue<(SendOrPostCallback Callback, object? State)> _queue = new();
    private int _pumpThread = -1;

    public bool IsPumpingOnCurrentThread => Volatile.Read(ref _pumpThread) == Environment.CurrentManagedThreadId;

    public override void Post(SendOrPostCallback d, object? state)
    {
        if (IsPumpingOnCurrentThread)
        {
            _queue.Enqueue((d, state));
            return;
        }

        onForeignPost();
    }

    public override void Send(SendOrPostCallback d, object? state) =>
        throw new NotSupportedException("Workflow code cannot block on its synchronization context.");

    public override SynchronizationContext CreateCopy() => this;

    /// <summary>Runs <paramref name="action"/> and every continuation it causes on this thread.</summary>
    public void Run(Action action)
    {
        var previous = Current;
        SetSynchronizationContext(this);
        Volatile.Write(ref _pumpThread, Environment.CurrentManagedThreadId);
        try
        {
            action();
            while (_queue.TryDequeue(out var item))
            {
                item.Callback(item.State);
            }
        }
        finally
        {
            Volatile.Write(ref _pumpThread, -1);
            _queue.Clear();
            SetSynchronizationContext(previous);
        }
    }
}
