namespace Mlops.Workflows.Tests.Infrastructure;

/// <summary>Upper bounds so a broken engine fails a test instead of hanging it; never part of an assertion.</summary>
public static class Timeouts
{
    public static CancellationToken Default => new CancellationTokenSource(TimeSpan.FromSeconds(60)).Token;

    public static CancellationToken Long => new CancellationTokenSource(TimeSpan.FromSeconds(180)).Token;

    /// <summary>Polls until <paramref name="condition"/> holds.</summary>
    public static async Task WaitUntilAsync(Func<Task<bool>> condition, CancellationToken cancellationToken = default)
    {
        var token = cancellationToken.CanBeCanceled ? cancellationToken : Default;
        while (!await condition())
        {
            await Task.Delay(20, token);
        }
    }
}
