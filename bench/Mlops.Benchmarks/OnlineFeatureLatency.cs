using System.Diagnostics;
using System.Globalization;
using System.Text;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Mlops.Core;
using Mlops.Core.Api;
using Mlops.Core.Features;

namespace Mlops.Benchmarks;

/// <summary>
/// Issue 6's online lookup goal: 10 features of one entity, p99 at most 5 ms, in process against Azurite. The whole
/// route is measured through the dispatcher (key check, JSON parsing, view cache, one online-store read, Feast-shaped
/// JSON out), one request at a time, on a platform started by <c>AddMlopsCore</c> against the given storage under a
/// fresh prefix, after 10,000 entities were written. A latency distribution, so a plain loop rather than
/// BenchmarkDotNet (whose statistics stop at P95).
/// </summary>
internal static class OnlineFeatureLatency
{
    private const int Entities = 10_000;
    private const int Warmup = 500;
    private const int Measured = 5_000;

    public static async Task<int> RunAsync(string connectionString)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["AzureWebJobsStorage"] = connectionString,
            ["Storage:Prefix"] = "bench" + Guid.NewGuid().ToString("N")[..8],
            ["Security:FunctionKeys:default"] = InProcessPlatform.FunctionKey,
            ["Security:AdminKeys:admin"] = "bench-admin-key-not-secret",
            ["PredictionLog:Enabled"] = "false",
            ["Features:Schedule"] = string.Empty,
        });
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.AddMlopsCore();
        using var host = builder.Build();
        await host.StartAsync();
        try
        {
            var services = host.Services;
            var names = Enumerable.Range(0, 10).Select(i => $"f{i}").ToArray();
            var view = await services.GetRequiredService<IFeatureRegistry>().DefineAsync(new FeatureViewDefinition(
                "bench_customers", ["customer_id"], "event_timestamp", new FeatureSourceDefinition(),
                [.. names.Select(n => new FeatureDefinition(n, Column: n))], "30d"));
            var random = new Random(7);
            var keys = Enumerable.Range(0, Entities).Select(i => $"customer-{i:D6}").ToArray();
            var now = services.GetRequiredService<TimeProvider>().GetUtcNow();
            var frame = new FeatureFrame(
                ["customer_id"], [keys], [.. keys.Select(_ => now.AddMinutes(-random.Next(60 * 24)))],
                [.. names.Select(n => FeatureColumn.FromNumbers(n, [.. keys.Select(_ => random.NextDouble())]))]);
            var written = Stopwatch.StartNew();
            await services.GetRequiredService<IOnlineFeatureStore>().WriteAsync(view, frame, OnlineWriteMode.Overwrite);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"online-features: wrote {Entities} entities x 10 features in {written.Elapsed.TotalSeconds:F1} s"));

            // The store's read alone first, to tell Azurite's share of the tail from the route's.
            var store = services.GetRequiredService<IOnlineFeatureStore>();
            var reads = new double[Measured];
            for (var i = -Warmup; i < Measured; i++)
            {
                var started = Stopwatch.GetTimestamp();
                await store.ReadAsync(view, [new EntityKey(keys[random.Next(Entities)])], names);
                if (i >= 0)
                {
                    reads[i] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
                }
            }

            Report("bench-online-store", reads);

            var dispatcher = services.GetRequiredService<IApiDispatcher>();
            var features = string.Join(", ", names.Select(n => $"\"{view.Name}:{n}\""));
            var latencies = new double[Measured];
            for (var i = -Warmup; i < Measured; i++)
            {
                var body = Encoding.UTF8.GetBytes($$$"""{"features": [{{{features}}}], "entities": {"customer_id": ["{{{keys[random.Next(Entities)]}}}"]}}""");
                var started = Stopwatch.GetTimestamp();
                var response = await dispatcher.DispatchAsync("GetOnlineFeatures", new BenchApiRequest(string.Empty, body, InProcessPlatform.FunctionKey));
                var elapsed = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
                if (response.StatusCode != 200)
                {
                    throw new InvalidOperationException($"GetOnlineFeatures answered {response.StatusCode}.");
                }

                if (i >= 0)
                {
                    latencies[i] = elapsed;
                }
            }

            Report("bench-online", latencies);
            return 0;
        }
        finally
        {
            await host.StopAsync();
        }
    }

    private static void Report(string label, double[] latencies)
    {
        Array.Sort(latencies);
        double Percentile(double p) => latencies[Math.Min(latencies.Length - 1, (int)Math.Ceiling(p / 100 * latencies.Length) - 1)];
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{label} requests={latencies.Length} mean_ms={latencies.Average():F3} p50_ms={Percentile(50):F3} p90_ms={Percentile(90):F3} p99_ms={Percentile(99):F3} max_ms={latencies[^1]:F3}"));
    }
}
