using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Options;
using Mlops.Core.Monitoring;
using Mlops.Core.Tests.Infrastructure;

namespace Mlops.Core.Tests.Monitoring;

/// <summary>The prediction log end to end: real channel, real writer, real blobs in Azurite.</summary>
public sealed class PredictionLogTests
{
    // Guards against a hang only; nothing here asserts on time.
    private static readonly TimeSpan Hang = TimeSpan.FromMinutes(1);

    [Fact]
    public async Task AppendAsync_ThenStop_ReaderReturnsEveryField()
    {
        PredictionRecord[] records =
        [
            PredictionLogTestData.Record("with-alias"),
            PredictionLogTestData.Record("no-alias", timestamp: PredictionLogTestData.Start.AddMinutes(5), alias: null) with
            {
                Version = 7, Rows = 1, LatencyMs = 0.5, Inputs = """[{"name":"Zoë","x":[1,2,3]}]"""u8.ToArray(), Outputs = """[{"label":"b","p":0.75}]"""u8.ToArray(),
            },
        ];
        var host = await CoreHost.StartAsync();
        var log = host.Services.GetRequiredService<IPredictionLog>();

        foreach (var record in records)
        {
            await log.AppendAsync(record);
        }

        await host.DisposeAsync();
        var read = await PredictionLogTestData.ReadAllAsync(host.Prefix);

        Assert.Equal(records.Length, read.Count);
        foreach (var record in records)
        {
            PredictionLogFormatTests.AssertSameRecord(record, Assert.Single(read, r => r.RequestId == record.RequestId));
        }
    }

    [Fact]
    public async Task Flush_RecordsOfTwoModelsAcrossMidnight_PartitionedByModelDateAndHourOfTheRecord()
    {
        var host = await CoreHost.StartAsync(new Dictionary<string, string?> { ["PredictionLog:FlushInterval"] = "01:00:00" });
        var log = host.Services.GetRequiredService<IPredictionLog>();
        var lateMarch1 = new DateTimeOffset(2024, 3, 1, 23, 59, 59, 999, TimeSpan.Zero);
        var earlyMarch2 = new DateTimeOffset(2024, 3, 2, 0, 0, 0, TimeSpan.Zero);
        var march2InParis = new DateTimeOffset(2024, 3, 2, 1, 30, 0, TimeSpan.FromHours(2)); // 2024-03-01 23:30 UTC

        await log.AppendAsync(PredictionLogTestData.Record("a1", "alpha", lateMarch1));
        await log.AppendAsync(PredictionLogTestData.Record("a2", "alpha", earlyMarch2));
        await log.AppendAsync(PredictionLogTestData.Record("a3", "alpha", march2InParis));
        await log.AppendAsync(PredictionLogTestData.Record("b1", "beta", earlyMarch2.AddMinutes(10)));
        await host.DisposeAsync();

        var blobs = await PredictionLogTestData.ListBlobNamesAsync(host.Prefix);
        Assert.Equal(3, blobs.Count);
        Assert.All(blobs, name => Assert.Matches(new Regex(@"^(alpha|beta)/date=\d{4}-\d{2}-\d{2}/hour=\d{2}/[0-9a-f]{16}-\d{10}\.jsonl\.gz$"), name));
        var byPartition = new Dictionary<string, string[]>();
        foreach (var name in blobs)
        {
            var records = await PredictionLogTestData.Reader(host.Prefix).ReadBlobAsync(name);
            byPartition[name[..(name.LastIndexOf('/') + 1)]] = [.. records.Select(r => r.RequestId).Order()];
        }

        Assert.Equal(["a1", "a3"], byPartition["alpha/date=2024-03-01/hour=23/"]);
        Assert.Equal(["a2"], byPartition["alpha/date=2024-03-02/hour=00/"]);
        Assert.Equal(["b1"], byPartition["beta/date=2024-03-02/hour=00/"]);
    }

    [Fact]
    public async Task ReadAsync_PlainBlobFromBeforeCompressionBesideACompressedOne_ReadsBoth()
    {
        var host = await CoreHost.StartAsync();
        await host.Services.GetRequiredService<IPredictionLog>().AppendAsync(PredictionLogTestData.Record("compressed"));
        await host.DisposeAsync();
        var plain = new System.Buffers.ArrayBufferWriter<byte>();
        PredictionLogFormat.WriteLines(plain, [PredictionLogTestData.Record("plain")]);
        await PredictionLogTestData.Container(host.Prefix)
            .GetBlobClient("iris/date=2024-03-01/hour=10/0000000000000000-0000000001.jsonl")
            .UploadAsync(new BinaryData(plain.WrittenMemory));

        var read = await PredictionLogTestData.ReadAllAsync(host.Prefix);

        Assert.Equal(["compressed", "plain"], read.Select(r => r.RequestId).Order());
    }

    [Fact]
    public async Task ReadBlobAsync_CorruptCompressedBlob_NamesTheBlob()
    {
        var host = await CoreHost.StartAsync();
        await host.DisposeAsync();
        const string name = "iris/date=2024-03-01/hour=10/0000000000000000-0000000001.jsonl.gz";
        var container = PredictionLogTestData.Container(host.Prefix);
        await container.CreateIfNotExistsAsync();
        await container.GetBlobClient(name).UploadAsync(new BinaryData("not gzip at all"u8.ToArray()));

        var error = await Assert.ThrowsAsync<InvalidDataException>(() => PredictionLogTestData.Reader(host.Prefix).ReadBlobAsync(name));

        Assert.Contains(name, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReadAsync_Window_ReturnsOnlyThatModelsRecordsInTheWindow()
    {
        var host = await CoreHost.StartAsync();
        var log = host.Services.GetRequiredService<IPredictionLog>();
        var t = new DateTimeOffset(2024, 3, 1, 22, 0, 0, TimeSpan.Zero);
        await log.AppendAsync(PredictionLogTestData.Record("before", "alpha", t.AddMinutes(-1)));
        await log.AppendAsync(PredictionLogTestData.Record("start", "alpha", t));
        await log.AppendAsync(PredictionLogTestData.Record("inside", "alpha", t.AddHours(1).AddMinutes(20)));
        await log.AppendAsync(PredictionLogTestData.Record("end", "alpha", t.AddHours(2)));
        await log.AppendAsync(PredictionLogTestData.Record("other-model", "beta", t.AddMinutes(1)));
        await host.DisposeAsync();

        var window = await PredictionLogTestData.ReadAsync(host.Prefix, "alpha", t, t.AddHours(2));
        var withinAnHour = await PredictionLogTestData.ReadAsync(host.Prefix, "alpha", t.AddHours(1).AddMinutes(30), t.AddHours(1).AddMinutes(40));
        var listed = await PredictionLogTestData.Reader(host.Prefix).ListBlobsAsync("alpha", t, t.AddHours(2)).ToListAsync();

        Assert.Equal(["inside", "start"], window.Select(r => r.RequestId).Order());
        Assert.Empty(withinAnHour);
        Assert.Equal(["alpha/date=2024-03-01/hour=22/", "alpha/date=2024-03-01/hour=23/"], listed.Select(n => n[..(n.LastIndexOf('/') + 1)]).Order());
    }

    [Fact]
    public async Task Flush_ManyRecords_OneBlobPerBatch()
    {
        var host = await CoreHost.StartAsync(new Dictionary<string, string?>
        {
            ["PredictionLog:BatchSize"] = "1000",
            ["PredictionLog:FlushInterval"] = "01:00:00",
        });
        var log = host.Services.GetRequiredService<IPredictionLog>();

        for (var i = 0; i < 2500; i++)
        {
            await log.AppendAsync(PredictionLogTestData.Record($"r{i}", timestamp: PredictionLogTestData.Start.AddMilliseconds(i)));
        }

        await host.DisposeAsync();

        var blobs = await PredictionLogTestData.ListBlobNamesAsync(host.Prefix);
        var sizes = new List<int>();
        foreach (var name in blobs)
        {
            sizes.Add((await PredictionLogTestData.Reader(host.Prefix).ReadBlobAsync(name)).Count);
        }

        Assert.Equal([500, 1000, 1000], sizes.Order());
    }

    [Fact]
    public async Task Flush_FewRecords_WrittenAfterTheIntervalWithoutShutdown()
    {
        await using var host = await CoreHost.StartAsync(new Dictionary<string, string?> { ["PredictionLog:FlushInterval"] = "00:00:00.100" });
        var log = host.Services.GetRequiredService<IPredictionLog>();

        for (var i = 0; i < 5; i++)
        {
            await log.AppendAsync(PredictionLogTestData.Record($"r{i}"));
        }

        var read = await PollAsync(() => PredictionLogTestData.ReadAllAsync(host.Prefix), records => records.Count >= 5);

        Assert.Equal(["r0", "r1", "r2", "r3", "r4"], read.Select(r => r.RequestId).Order());
    }

    [Fact]
    public async Task AppendAsync_BufferFullWhileStorageIsSlow_WaitsUntilSpaceFreesAndDropsNothing()
    {
        var sink = new ControllableSink(blocked: true);
        var host = await CoreHost.StartAsync(SmallBuffer(), services => Decorate(services, sink));
        var log = host.Services.GetRequiredService<IPredictionLog>();

        await log.AppendAsync(PredictionLogTestData.Record("r1"));
        await sink.Entered.WaitAsync(Hang); // the writer holds r1 and is stuck in storage
        var r2 = log.AppendAsync(PredictionLogTestData.Record("r2")).AsTask();
        var r3 = log.AppendAsync(PredictionLogTestData.Record("r3")).AsTask();
        var r4 = log.AppendAsync(PredictionLogTestData.Record("r4")).AsTask();
        var r4WaitedForSpace = !r4.IsCompleted;
        sink.Open();
        await Task.WhenAll(r2, r3, r4).WaitAsync(Hang);
        await host.DisposeAsync();

        Assert.True(r2.IsCompletedSuccessfully && r3.IsCompletedSuccessfully, "the buffer had room for r2 and r3");
        Assert.True(r4WaitedForSpace, "r4 must wait while the buffer (capacity 2) is full");
        var read = await PredictionLogTestData.ReadAllAsync(host.Prefix);
        Assert.Equal(["r1", "r2", "r3", "r4"], read.Select(r => r.RequestId).Order());
    }

    [Fact]
    public async Task Flush_StorageUnavailable_RetriesWhileAppendsWaitThenWritesEverything()
    {
        var storageDown = true;
        var sink = new ControllableSink(fail: _ => Volatile.Read(ref storageDown) ? ControllableSink.Unavailable() : null, signalAtAttempt: 3);
        var host = await CoreHost.StartAsync(SmallBuffer(), services => Decorate(services, sink));
        var log = host.Services.GetRequiredService<IPredictionLog>();

        await log.AppendAsync(PredictionLogTestData.Record("r1"));
        await sink.AttemptsReached.WaitAsync(Hang); // failed and retried twice, still holding r1
        await log.AppendAsync(PredictionLogTestData.Record("r2"));
        await log.AppendAsync(PredictionLogTestData.Record("r3"));
        var r4 = log.AppendAsync(PredictionLogTestData.Record("r4")).AsTask();
        var r4WaitedForSpace = !r4.IsCompleted;
        Volatile.Write(ref storageDown, false);
        await r4.WaitAsync(Hang);
        await host.DisposeAsync();

        Assert.True(r4WaitedForSpace, "r4 must wait while storage is down and the buffer is full");
        var read = await PredictionLogTestData.ReadAllAsync(host.Prefix);
        Assert.Equal(["r1", "r2", "r3", "r4"], read.Select(r => r.RequestId).Order());
    }

    [Fact]
    public async Task Flush_StorageRejectsABatch_LogsTheLossAndKeepsWritingLaterBatches()
    {
        var sink = new ControllableSink(fail: attempt => attempt == 1 ? new Azure.RequestFailedException(400, "Bad request (test).") : null);
        var host = await CoreHost.StartAsync(SmallBuffer(), services =>
        {
            Decorate(services, sink);
            services.AddFakeLogging();
        });
        var log = host.Services.GetRequiredService<IPredictionLog>();
        var logs = host.Services.GetFakeLogCollector();

        for (var i = 1; i <= 3; i++)
        {
            await log.AppendAsync(PredictionLogTestData.Record($"r{i}"));
        }

        await host.DisposeAsync();

        var read = await PredictionLogTestData.ReadAllAsync(host.Prefix);
        Assert.Equal(["r2", "r3"], read.Select(r => r.RequestId).Order());
        var rejected = Assert.Single(logs.GetSnapshot(), r => r.Id.Id == Diagnostics.LogEvents.PredictionLog + 3);
        Assert.Equal(LogLevel.Error, rejected.Level);
        Assert.Contains(rejected.StructuredState!, kv => kv.Key == "Count" && kv.Value == "1");
    }

    [Fact]
    public async Task Stop_ManyConcurrentAppends_WritesExactlyEveryAcceptedRecord()
    {
        const int Producers = 8;
        const int PerProducer = 1500;
        var host = await CoreHost.StartAsync(new Dictionary<string, string?>
        {
            ["PredictionLog:Capacity"] = "2000",
            ["PredictionLog:FlushInterval"] = "01:00:00",
        });
        var log = host.Services.GetRequiredService<IPredictionLog>();

        await Task.WhenAll(Enumerable.Range(0, Producers).Select(p => Task.Run(async () =>
        {
            for (var i = 0; i < PerProducer; i++)
            {
                await log.AppendAsync(PredictionLogTestData.Record($"p{p}-{i}", timestamp: PredictionLogTestData.Start.AddSeconds(i)));
            }
        }))).WaitAsync(Hang);
        await host.Host.StopAsync().WaitAsync(Hang);
        host.Host.Dispose();

        var ids = (await PredictionLogTestData.ReadAllAsync(host.Prefix)).Select(r => r.RequestId).ToList();
        Assert.Equal(Producers * PerProducer, ids.Count);
        Assert.Equal(Producers * PerProducer, ids.Distinct().Count());
    }

    [Fact]
    public async Task Stop_StorageDownPastShutdownTimeout_ReturnsAndLogsHowManyWereLost()
    {
        var sink = new ControllableSink(fail: _ => ControllableSink.Unavailable());
        var settings = SmallBuffer();
        settings["PredictionLog:MaxRetryDelay"] = "00:00:00.050";
        var host = await CoreHost.StartAsync(settings, services =>
        {
            Decorate(services, sink);
            services.AddFakeLogging();
            services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromMilliseconds(300));
        });
        var log = host.Services.GetRequiredService<IPredictionLog>();
        var logs = host.Services.GetFakeLogCollector();
        await log.AppendAsync(PredictionLogTestData.Record("r1"));
        await sink.Entered.WaitAsync(Hang);
        await log.AppendAsync(PredictionLogTestData.Record("r2"));
        await log.AppendAsync(PredictionLogTestData.Record("r3"));

        await host.DisposeAsync().AsTask().WaitAsync(Hang);

        var lost = Assert.Single(logs.GetSnapshot(), r => r.Id.Id == Diagnostics.LogEvents.PredictionLog + 4);
        Assert.Contains(lost.StructuredState!, kv => kv.Key == "Count" && kv.Value == "3");
        Assert.Empty(await PredictionLogTestData.ListBlobNamesAsync(host.Prefix));
    }

    [Fact]
    public async Task AddPredictionLog_Disabled_AppendsAreNoOpsAndNothingIsWritten()
    {
        var host = await CoreHost.StartAsync(new Dictionary<string, string?> { ["PredictionLog:Enabled"] = "false" });
        var log = host.Services.GetRequiredService<IPredictionLog>();

        await log.AppendAsync(PredictionLogTestData.Record("r1"));
        await host.DisposeAsync();

        Assert.IsType<NullPredictionLog>(log);
        Assert.Empty(await PredictionLogTestData.ListBlobNamesAsync(host.Prefix));
    }

    [Theory]
    [InlineData("PredictionLog:BatchSize", "0")]
    [InlineData("PredictionLog:Capacity", "0")]
    [InlineData("PredictionLog:FlushInterval", "00:00:00")]
    public async Task Start_InvalidOptions_FailsNamingTheSetting(string key, string value)
    {
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => CoreHost.StartAsync(new Dictionary<string, string?> { [key] = value }));

        Assert.Contains(key.Split(':')[1], error.Message, StringComparison.Ordinal);
    }

    private static Dictionary<string, string?> SmallBuffer() => new()
    {
        ["PredictionLog:Capacity"] = "2",
        ["PredictionLog:BatchSize"] = "1",
        ["PredictionLog:MaxRetryDelay"] = "00:00:00.020",
    };

    private static void Decorate(IServiceCollection services, ControllableSink sink) =>
        services.AddSingleton<IPredictionLogSink>(sp =>
        {
            sink.Inner = sp.GetRequiredService<BlobPredictionLogSink>();
            return sink;
        });

    private static async Task<T> PollAsync<T>(Func<Task<T>> read, Func<T, bool> done)
    {
        using var timeout = new CancellationTokenSource(Hang);
        while (true)
        {
            var value = await read();
            if (done(value) || timeout.IsCancellationRequested)
            {
                return value;
            }

            await Task.Delay(50, timeout.Token).ContinueWith(_ => { }, TaskScheduler.Default);
        }
    }
}
