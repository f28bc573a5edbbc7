using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using Mlops.Core.Diagnostics;
using Mlops.Core.Monitoring;
using Mlops.Core.Tests.Monitoring;
using Mlops.Server.Tests.Infrastructure;

namespace Mlops.Server.Tests.Monitoring;

public sealed class PredictionLogShutdownTests
{
    // Guards against a hang only; nothing here asserts on time.
    private static readonly TimeSpan Hang = TimeSpan.FromMinutes(2);

    // Drives the log through the server's own DI; once the predict route lands, an HTTP twin of this test should
    // fire POST /api/models/{name}/predict instead and check the ids of the 200 responses.
    [Fact]
    public async Task Dispose_MidLoad_EveryAcknowledgedPredictionIsInTheLog()
    {
        const int Producers = 8;
        const int AcknowledgedBeforeShutdown = 3000;
        var factory = new ServerFactory();
        factory.Settings["PredictionLog:Capacity"] = "500";
        var prefix = factory.Prefix;
        var log = factory.Services.GetRequiredService<IPredictionLog>();
        var acknowledged = new ConcurrentQueue<string>();
        var refused = 0;
        var loadRunning = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        var producers = Enumerable.Range(0, Producers).Select(p => Task.Run(async () =>
        {
            for (var i = 0; ; i++)
            {
                var id = $"p{p}-{i}";
                try
                {
                    await log.AppendAsync(PredictionLogTestData.Record(id, timestamp: PredictionLogTestData.Start.AddMilliseconds(i)));
                }
                catch (MlopsException e) when (e.Category == ErrorCategory.Unavailable)
                {
                    Interlocked.Increment(ref refused);
                    return; // the log is shut: this one was refused, not acknowledged
                }

                acknowledged.Enqueue(id);
                if (acknowledged.Count >= AcknowledgedBeforeShutdown)
                {
                    loadRunning.TrySetResult();
                }
            }
        })).ToArray();
        await loadRunning.Task.WaitAsync(Hang);

        await factory.DisposeAsync().AsTask().WaitAsync(Hang);
        await Task.WhenAll(producers).WaitAsync(Hang);

        var logged = (await PredictionLogTestData.ReadAllAsync(prefix)).Select(r => r.RequestId).ToList();
        Assert.Equal(Producers, refused);
        Assert.Equal(logged.Count, logged.Distinct().Count());
        Assert.Equal(acknowledged.Order(StringComparer.Ordinal), logged.Order(StringComparer.Ordinal));
    }
}
