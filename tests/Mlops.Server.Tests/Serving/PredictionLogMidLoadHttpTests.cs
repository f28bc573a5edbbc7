using System.Collections.Concurrent;
using System.Net;
using Mlops.Core.Tests.Monitoring;
using Mlops.Core.Tests.Serving;

namespace Mlops.Server.Tests.Serving;

public sealed class PredictionLogMidLoadHttpTests
{
    private static readonly TimeSpan Hang = TimeSpan.FromMinutes(2);

    [Fact]
    public async Task Predict_ServerStoppedMidLoad_EveryAcknowledgedPredictionIsInTheLog()
    {
        // A long flush interval, so the acknowledged records are still buffered when the stop begins.
        var server = new ServingServer(new Dictionary<string, string?>
        {
            ["PredictionLog:FlushInterval"] = "00:00:30",
            // The drain must finish, not be cut short by the host's default 30 s while the whole suite loads the machine.
            ["shutdownTimeoutSeconds"] = "120",
        });
        var prefix = server.Prefix;
        var started = DateTimeOffset.UtcNow;
        await server.RegisterAsync("midload", ServingModels.Linear(), alias: "champion");
        using var client = server.CreateClient();
        var acknowledged = new ConcurrentBag<string>();
        using var stop = new CancellationTokenSource();
        var stopping = false;

        var load = Enumerable.Range(0, 4).Select(worker => Task.Run(async () =>
        {
            for (var i = 0; !stop.IsCancellationRequested; i++)
            {
                var id = $"w{worker}-{i}";
                try
                {
                    using var request = new HttpRequestMessage(HttpMethod.Post, new Uri("/api/models/midload/predict", UriKind.Relative))
                    {
                        Content = new StringContent(ServingModels.LinearBody("dataframe_split", [[i, 1f, 2f]]), System.Text.Encoding.UTF8, "application/json"),
                    };
                    request.Headers.Add("x-request-id", id);
                    using var response = await client.SendAsync(request);
                    if (response.StatusCode == HttpStatusCode.OK)
                    {
                        acknowledged.Add(id);
                    }
                }
                catch (Exception) when (Volatile.Read(ref stopping))
                {
                    // Requests cut off by the stop were never acknowledged; they need not be in the log.
                }
            }
        })).ToArray();

        while (acknowledged.Count < 200)
        {
            await Task.Delay(10);
        }

        Volatile.Write(ref stopping, true);
        await server.DisposeAsync().AsTask().WaitAsync(Hang);
        await stop.CancelAsync();
        await Task.WhenAll(load).WaitAsync(Hang);

        var logged = (await PredictionLogTestData.ReadAsync(prefix, "midload", started.AddDays(-1), started.AddDays(1)))
            .Select(r => r.RequestId).ToHashSet(StringComparer.Ordinal);
        Assert.True(acknowledged.Count >= 200);
        var missing = acknowledged.Where(id => !logged.Contains(id)).ToList();
        Assert.True(missing.Count == 0, $"{missing.Count} of {acknowledged.Count} acknowledged predictions are not in the log, e.g. {string.Join(", ", missing.Take(5))}.");
    }
}
