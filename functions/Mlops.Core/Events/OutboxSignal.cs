namespace Mlops.Core.Events;

/// <summary>Wakes this process's delivery loop when an event is queued, so webhooks hear of it at once, not at the next poll.</summary>
internal sealed class OutboxSignal
{
    private TaskCompletionSource _signal = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes at the next <see cref="Notify"/>; take it before looking for work, so no notification is missed.</summary>
    public Task Current => Volatile.Read(ref _signal).Task;

    public void Notify() => Interlocked.Exchange(ref _signal, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
}
