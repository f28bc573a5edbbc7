using System.Collections.Concurrent;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Mlops.Core.Pipelines;
using Mlops.Core.Pipelines.Scheduling;
using Mlops.Core.Tests.Infrastructure;
using Mlops.Server.Triggers;

namespace Mlops.Server.Tests.Triggers;

/// <summary>The server's scheduler loop sleeps on the injected clock until the next occurrence the scheduler reports.</summary>
public sealed class SchedulerServiceTests
{
    private static readonly DateTimeOffset Start = new(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Loop_TicksAtEachReportedOccurrence_AndAtTheRefreshIntervalWithout()
    {
        var time = new CountingTimeProvider(Start);
        var scheduler = new StepScheduler(time, [Start.AddSeconds(10), null, Start.AddHours(1)]);
        var options = Options.Create(new SchedulerOptions { RefreshInterval = TimeSpan.FromMinutes(1) });
        using var service = new SchedulerService(scheduler, options, time, NullLogger<SchedulerService>.Instance);

        await service.StartAsync(CancellationToken.None);
        // Advancing the clock before the loop has armed its timer would skip the occurrence, so each step waits for the timer.
        await Eventually.WaitUntilAsync(() => scheduler.Ticks.Count == 1 && time.Timers == 1, "the first tick and its timer");
        time.Advance(TimeSpan.FromSeconds(9));
        var beforeDue = scheduler.Ticks.Count;
        time.Advance(TimeSpan.FromSeconds(1));
        await Eventually.WaitUntilAsync(() => scheduler.Ticks.Count == 2 && time.Timers == 2, "the tick at the occurrence and its timer");
        time.Advance(TimeSpan.FromMinutes(1));
        await Eventually.WaitUntilAsync(() => scheduler.Ticks.Count == 3, "the tick at the refresh interval");
        await service.StopAsync(CancellationToken.None);

        Assert.Equal(1, beforeDue);
        Assert.Equal([Start, Start.AddSeconds(10), Start.AddSeconds(70)], scheduler.Ticks);
    }

    [Fact]
    public async Task Loop_Disabled_NeverTicks()
    {
        var time = new FakeTimeProvider(Start);
        var scheduler = new StepScheduler(time, []);
        using var service = new SchedulerService(scheduler, Options.Create(new SchedulerOptions { Enabled = false }), time, NullLogger<SchedulerService>.Instance);

        await service.StartAsync(CancellationToken.None);
        await (service.ExecuteTask ?? Task.CompletedTask);

        Assert.Empty(scheduler.Ticks);
    }

    /// <summary>Counts the timers the loop arms, so the test advances the clock only while the loop is waiting.</summary>
    private sealed class CountingTimeProvider(DateTimeOffset start) : FakeTimeProvider(start)
    {
        private int _timers;

        public int Timers => Volatile.Read(ref _timers);

        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
        {
            var timer = base.CreateTimer(callback, state, dueTime, period);
            Interlocked.Increment(ref _timers);
            return timer;
        }
    }

    /// <summary>Reports the given next occurrences in turn and records when it was ticked.</summary>
    private sealed class StepScheduler(TimeProvider time, DateTimeOffset?[] next) : IWorkflowScheduler
    {
        private int _calls;

        public ConcurrentQueue<DateTimeOffset> Ticks { get; } = new();

        public Task<DateTimeOffset?> TickAsync(IPipelineClient? client = null, CancellationToken cancellationToken = default)
        {
            Ticks.Enqueue(time.GetUtcNow());
            var index = Interlocked.Increment(ref _calls) - 1;
            return Task.FromResult(index < next.Length ? next[index] : null);
        }
    }
}
