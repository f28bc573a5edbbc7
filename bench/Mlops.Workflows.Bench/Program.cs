using System.Diagnostics;
using System.Globalization;
using Azure.Core;
using Azure.Data.Tables;
using Azure.Storage.Queues;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Mlops.Workflows;
using Mlops.Workflows.Bench;

// Embedded workflow engine on Azurite: chains of 5 no-op activities and fan-outs of 100, reported as activities per
// second and storage operations (HTTP requests, counted by a pipeline policy) per activity. Run it with
// scripts/bench-workflows.sh, which starts a private in-memory Azurite. Options: --chains N --fanouts N --rounds N,
// --via-queue (starts go through the control queues, as from a client in another process).
var connection = Environment.GetEnvironmentVariable("MLOPS_BENCH_STORAGE") ?? Environment.GetEnvironmentVariable("MLOPS_TEST_STORAGE");
if (string.IsNullOrEmpty(connection))
{
    Console.Error.WriteLine("Set MLOPS_BENCH_STORAGE to an Azurite connection string, or run scripts/bench-workflows.sh.");
    return 2;
}

var chains = Option("--chains", 1000);
var fanOuts = Option("--fanouts", 50);
var rounds = Option("--rounds", 3);
var counting = new CountingPolicy();
var completions = new CompletionCounter();

var tableOptions = new TableClientOptions();
tableOptions.AddPolicy(counting, HttpPipelinePosition.PerRetry);
var queueOptions = new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 };
queueOptions.AddPolicy(counting, HttpPipelinePosition.PerRetry);

var builder = Host.CreateApplicationBuilder();
builder.Logging.ClearProviders();
builder.Logging.AddProvider(completions);
builder.Services.AddSingleton(new TableServiceClient(connection, tableOptions));
builder.Services.AddSingleton(new QueueServiceClient(connection, queueOptions));
builder.Services.AddWorkflows(registry => registry
    .AddActivity<int, int>("Noop", (n, _, _) => Task.FromResult(n + 1))
    .AddWorkflow<int, int>("Chain5", async (context, n) =>
    {
        for (var i = 0; i < 5; i++)
        {
            n = await context.CallActivityAsync<int>("Noop", n);
        }

        return n;
    })
    .AddWorkflow<int, int>("FanOut100", async (context, n) =>
    {
        var results = await Task.WhenAll(Enumerable.Range(0, 100).Select(i => context.CallActivityAsync<int>("Noop", i)));
        return results.Sum();
    }));
builder.Services.AddWorkflowEngine(options => options.TaskHub = "bench" + Guid.NewGuid().ToString("N")[..10]);
using var host = builder.Build();
await host.StartAsync();
var client = host.Services.GetRequiredService<IWorkflowClient>();
var viaQueue = args.Contains("--via-queue");
if (viaQueue)
{
    // As if the client ran in another process: every start goes through a control queue.
    host.Services.GetRequiredService<Mlops.Workflows.Engine.WorkflowStore>().LocalDelivery = null;
}

Console.WriteLine($"Embedded workflow engine on Azurite, {Environment.ProcessorCount} cores, .NET {Environment.Version}, starts {(viaQueue ? "through the control queues" : "handed over in-process")}");
await RunAsync("warm-up (chains)", "Chain5", Math.Min(chains, 50), 5, print: false);
await RunAsync("warm-up (fan-out)", "FanOut100", 1, 100, print: false);
Console.WriteLine();
Console.WriteLine("| scenario | instances | activities | seconds | activities/s | storage ops | ops/activity | engine CPU ms/activity | Azurite CPU ms/activity |");
Console.WriteLine("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
for (var round = 1; round <= rounds; round++)
{
    if (chains > 0)
    {
        await RunAsync($"chains of 5, round {round}", "Chain5", chains, 5, print: true);
    }

    if (fanOuts > 0)
    {
        await RunAsync($"fan-out of 100, round {round}", "FanOut100", fanOuts, 100, print: true);
    }
}

await host.StopAsync();
return 0;

async Task RunAsync(string scenario, string workflow, int instances, int activitiesPerInstance, bool print)
{
    var target = completions.Ended + instances;
    var done = completions.WaitForAsync(target);
    var opsBefore = counting.Requests;
    var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
    var azuriteBefore = AzuriteCpu();
    var clock = Stopwatch.StartNew();
    using var starts = new SemaphoreSlim(32);
    await Task.WhenAll(Enumerable.Range(0, instances).Select(async i =>
    {
        await starts.WaitAsync();
        try
        {
            await client.StartWorkflowAsync(workflow, i);
        }
        finally
        {
            starts.Release();
        }
    }));
    await done.WaitAsync(TimeSpan.FromMinutes(10));
    clock.Stop();
    var ops = counting.Requests - opsBefore;
    var cpu = Process.GetCurrentProcess().TotalProcessorTime - cpuBefore;
    var azurite = AzuriteCpu() - azuriteBefore;
    var activities = instances * activitiesPerInstance;
    var notCompleted = 0;
    await foreach (var instance in client.ListInstancesAsync(new WorkflowQuery { Name = workflow, IncludePayloads = false }))
    {
        notCompleted += instance.RuntimeStatus == WorkflowRuntimeStatus.Completed ? 0 : 1;
    }

    if (notCompleted > 0)
    {
        throw new InvalidOperationException($"{notCompleted} {workflow} instances did not complete; the figures would be wrong.");
    }

    if (print)
    {
        var azuriteText = azurite is { } a ? (a.TotalMilliseconds / activities).ToString("F2", CultureInfo.InvariantCulture) : "n/a";
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| {scenario} | {instances} | {activities} | {clock.Elapsed.TotalSeconds:F2} | {activities / clock.Elapsed.TotalSeconds:F0} | {ops} | {(double)ops / activities:F2} | {cpu.TotalMilliseconds / activities:F2} | {azuriteText} |"));
    }
}

// CPU time of the Azurite process when the script says which it is (Linux /proc; clock ticks of 10 ms).
TimeSpan? AzuriteCpu()
{
    if (!int.TryParse(Environment.GetEnvironmentVariable("MLOPS_BENCH_AZURITE_PID"), CultureInfo.InvariantCulture, out var pid))
    {
        return null;
    }

    try
    {
        var fields = File.ReadAllText($"/proc/{pid}/stat").Split(')')[1].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return TimeSpan.FromMilliseconds(10 * (long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture)));
    }
    catch (IOException)
    {
        return null;
    }
}

int Option(string name, int fallback)
{
    var index = Array.IndexOf(args, name);
    return index >= 0 && index + 1 < args.Length && int.TryParse(args[index + 1], CultureInfo.InvariantCulture, out var value) ? value : fallback;
}
