namespace Mlops.Core.Tests.Infrastructure;

/// <summary>Waits for asynchronous effects; the timeout only turns a hang into a failure and is never asserted on.</summary>
public static class Eventually
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    public static async Task<T> WaitAsync<T>(Func<Task<T>> probe, Func<T, bool> done, string what)
    {
        using var timeout = new CancellationTokenSource(Timeout);
        while (true)
        {
            var value = await probe();
            if (done(value))
            {
                return value;
            }

            if (timeout.IsCancellationRequested)
            {
                throw new TimeoutException($"Gave up waiting for {what}; last value: {value}");
            }

            await Task.Delay(25);
        }
    }

    public static Task WaitUntilAsync(Func<bool> condition, string what) =>
        WaitAsync(() => Task.FromResult(condition()), done => done, what);
}
