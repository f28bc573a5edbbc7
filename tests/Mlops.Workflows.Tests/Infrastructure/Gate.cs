namespace Mlops.Workflows.Tests.Infrastructure;

/// <summary>Lets a test hold an activity until it says so, and know when the activity got there.</summary>
public sealed class Gate
{
    private readonly TaskCompletionSource _entered = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _opened = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Task Entered => _entered.Task;

    public void Open() => _opened.TrySetResult();

    public async Task PassAsync(CancellationToken cancellationToken)
    {
        _entered.TrySetResult();
        await _opened.Task.WaitAsync(cancellationToken);
    }
}
