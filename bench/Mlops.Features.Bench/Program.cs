using System.Diagnostics;
using System.Globalization;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Mlops.Core;
using Mlops.Core.Features;
using Mlops.Core.Storage;
using Parquet;
using Parquet.Schema;

// Materializes ROWS source rows (one entity each) × 10 features of a Parquet source into Azurite, stage by stage as a
// materialization chunk does (read source, transform, offline Parquet, online Tables), then writes a sample of the same
// frame online with one upsert per request (one at a time, and as many in flight as the batches) to compare rows/s.
// Options: --rows N (1,000,000),
// --single-sample N (20,000), --parallelism N (8). Prints 'bench-result name value' lines and a summary.
var connection = Environment.GetEnvironmentVariable("MLOPS_BENCH_STORAGE") ?? Environment.GetEnvironmentVariable("MLOPS_TEST_STORAGE");
if (string.IsNullOrEmpty(connection))
{
    Console.Error.WriteLine("Set MLOPS_BENCH_STORAGE to an Azurite connection string, or run scripts/bench-features.sh.");
    return 2;
}

var rows = Option("--rows", 1_000_000);
var sample = Math.Min(rows, Option("--single-sample", 20_000));
var parallelism = Option("--parallelism", 8);
var prefix = "fb" + Guid.NewGuid().ToString("N")[..8];
var builder = Host.CreateApplicationBuilder();
builder.Logging.ClearProviders();
builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
{
    ["AzureWebJobsStorage"] = connection,
    ["Storage:Prefix"] = prefix,
    ["Workflows:Engine"] = "None",
    ["Features:Schedule"] = string.Empty,
    ["Security:AdminKeys:admin"] = "bench-admin-key-not-secret",
    ["Security:FunctionKeys:default"] = "bench-function-key-not-secret",
});
builder.AddMlopsCore();
using var host = builder.Build();
await host.StartAsync();
var services = host.Services;

var day = new DateTimeOffset(2025, 3, 1, 0, 0, 0, TimeSpan.Zero);
var definition = new FeatureViewDefinition(
    "bench",
    ["entity_id"],
    "event_time",
    new FeatureSourceDefinition(Format: FeatureSourceFormat.Parquet),
    [
        .. Enumerable.Range(0, 6).Select(i => new FeatureDefinition($"f{i}", Column: $"c{i}")),
        new FeatureDefinition("ratio01", Expression: "ratio(c0, c1)"),
        new FeatureDefinition("log2", Expression: "log(c2 + 1)"),
        new FeatureDefinition("sum6_1d", Column: "c6", Aggregation: FeatureAggregation.Sum, Window: "1d"),
        new FeatureDefinition("max7_1h", Column: "c7", Aggregation: FeatureAggregation.Max, Window: "1h"),
    ],
    "30d");
var view = await services.GetRequiredService<IFeatureRegistry>().DefineAsync(definition);

Console.WriteLine($"bench: writing a {rows:N0}-row Parquet source");
var names = services.GetRequiredService<StorageNames>();
var sources = services.GetRequiredService<BlobServiceClient>().GetBlobContainerClient(names.Container("feature-sources"));
await sources.CreateIfNotExistsAsync();
var sourcePath = Path.Combine(Path.GetTempPath(), prefix + ".parquet");
await WriteSourceAsync(sourcePath, rows, day);
await sources.GetBlobClient("bench/data.parquet").UploadAsync(sourcePath, overwrite: true);
File.Delete(sourcePath);
GC.Collect();

var reader = services.GetRequiredService<FeatureSourceReader>();
var offline = services.GetRequiredService<IOfflineFeatureStore>();
var tables = services.GetRequiredService<TableServiceClient>();
var time = services.GetRequiredService<TimeProvider>();
var results = new List<(string Name, string Value)>();
var total = Stopwatch.StartNew();

var watch = Stopwatch.StartNew();
var (batch, _) = await reader.ReadAsync(view.Definition, day - FeatureEngine.MaxWindow(view.Definition), day.AddDays(1), CancellationToken.None);
Record("read_source_s", watch.Elapsed.TotalSeconds);

watch.Restart();
var frame = FeatureEngine.Transform(view.Definition, batch, day, day.AddDays(1));
Record("transform_s", watch.Elapsed.TotalSeconds);
batch = null;

watch.Restart();
await offline.WriteAsync(view, DateOnly.FromDateTime(day.UtcDateTime), "000000", frame);
Record("offline_parquet_s", watch.Elapsed.TotalSeconds);

var sampleRows = Enumerable.Range(0, sample).ToArray();
var sampleFrame = frame.Select(sampleRows);

// Single upserts (one entity a request) on a sample, before and after the batched write: one request at a time (what
// writing row by row does) and with the batches' parallelism. Other load on the machine drifts during the run, so each
// rate is taken twice and the verdict compares the batches with the faster of the two.
var sequential = new TableOnlineFeatureStore(tables, names, time) { BatchSize = 1, Parallelism = 1 };
var parallel = new TableOnlineFeatureStore(tables, names, time) { BatchSize = 1, Parallelism = parallelism };
var singleSequential = new List<double>();
var singleParallel = new List<double>();
async Task MeasureSinglesAsync(string suffix)
{
    foreach (var (store, rates, label) in new[] { (sequential, singleSequential, "seq"), (parallel, singleParallel, "par") })
    {
        var renamed = new FeatureFrame(
            sampleFrame.EntityNames,
            [.. sampleFrame.EntityColumns.Select(c => c.Select(v => $"{v}-{label}-{suffix}").ToArray())],
            sampleFrame.EventTimestamps,
            sampleFrame.Features);
        var timer = Stopwatch.StartNew();
        var written = await store.WriteAsync(view, renamed, OnlineWriteMode.Overwrite);
        rates.Add(written.Entities / timer.Elapsed.TotalSeconds);
        Record($"online_single_{label}_{suffix}_rows_per_s", rates[^1]);
    }
}

await MeasureSinglesAsync("before");
var batched = new TableOnlineFeatureStore(tables, names, time) { BatchSize = TableOnlineFeatureStore.MaxBatch, Parallelism = parallelism };
watch.Restart();
var batchResult = await batched.WriteAsync(view, frame, OnlineWriteMode.Overwrite);
var batchSeconds = watch.Elapsed.TotalSeconds;
var batchRate = batchResult.Entities / batchSeconds;
Record("online_batch_rows", batchResult.Entities);
Record("online_batch_transactions", batchResult.Transactions);
Record("online_batch_rows_per_s", batchRate);
Record("online_batch_s", batchSeconds);
await MeasureSinglesAsync("after");
total.Stop();
var materializeSeconds = results.Where(r => r.Name is "read_source_s" or "transform_s" or "offline_parquet_s").Sum(r => double.Parse(r.Value, CultureInfo.InvariantCulture)) + batchSeconds;
Record("materialize_total_s", materializeSeconds);
Record("materialize_rows_per_s", frame.RowCount / materializeSeconds);
var vsSequential = batchRate / singleSequential.Max();
var vsParallel = batchRate / singleParallel.Max();
Record("batch_vs_single_x", vsSequential);
Record("batch_vs_single_same_parallelism_x", vsParallel);
Process.GetCurrentProcess().Refresh();
Record("peak_working_set_mb", Process.GetCurrentProcess().PeakWorkingSet64 / 1048576.0);
Record("gc_heap_after_last_gc_mb", GC.GetGCMemoryInfo(GCKind.Any).HeapSizeBytes / 1048576.0);

// Spot check: the online store answers for the last entity.
var check = await services.GetRequiredService<IOnlineFeatureStore>().ReadAsync(view, [new EntityKey($"e{rows - 1}")], ["f0"]);
Console.WriteLine($"bench: check e{rows - 1} f0 = {check.Rows[0].Values[0].Value} ({check.Rows[0].Values[0].Status})");
await host.StopAsync();
Console.WriteLine();
Console.WriteLine($"bench: summary ({Environment.ProcessorCount} cores, load {File.ReadAllText("/proc/loadavg").Split(' ')[0]}; {rows:N0} rows × 10 features, one entity a row, {parallelism} requests in flight)");
foreach (var (name, value) in results)
{
    Console.WriteLine($"bench-result {name} {value}");
}

Console.WriteLine($"  batches ({parallelism} in flight) / single upserts one at a time, rows/s: {vsSequential:F1}x (goal >= 5): {(vsSequential >= 5 ? "pass" : "FAIL")}");
Console.WriteLine($"  batches / single upserts, both {parallelism} in flight, rows/s: {vsParallel:F1}x");
return 0;

void Record(string name, double value)
{
    var text = value.ToString(value >= 100 ? "F0" : "F2", CultureInfo.InvariantCulture);
    results.Add((name, text));
    Console.WriteLine($"bench: {name} = {text}");
}

int Option(string name, int fallback)
{
    var index = Array.IndexOf(args, name);
    return index >= 0 && index + 1 < args.Length ? int.Parse(args[index + 1], CultureInfo.InvariantCulture) : fallback;
}

static async Task WriteSourceAsync(string path, int rows, DateTimeOffset day)
{
    const int group = 100_000;
    var id = new DataField<string>("entity_id");
    var ts = new DataField<DateTime>("event_time");
    var columns = Enumerable.Range(0, 8).Select(i => new DataField<double>($"c{i}")).ToArray();
    var random = new Random(42);
    await using var file = File.Create(path);
    await using var writer = await ParquetWriter.CreateAsync(new ParquetSchema([id, ts, .. columns]), file);
    for (var start = 0; start < rows; start += group)
    {
        var count = Math.Min(group, rows - start);
        using var rowGroup = writer.CreateRowGroup();
        await rowGroup.WriteAsync(id, Enumerable.Range(start, count).Select(i => $"e{i}").ToArray(), null);
        await rowGroup.WriteAsync<DateTime>(ts, Enumerable.Range(start, count).Select(i => day.UtcDateTime.AddMilliseconds(i * (86_400_000.0 / rows))).ToArray(), null, null);
        foreach (var column in columns)
        {
            await rowGroup.WriteAsync<double>(column, Enumerable.Range(0, count).Select(_ => Math.Round(random.NextDouble() * 100, 3)).ToArray(), null, null);
        }
    }
}
