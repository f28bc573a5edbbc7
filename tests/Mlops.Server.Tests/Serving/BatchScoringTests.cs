using System.Globalization;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Azure.Storage.Blobs;
using Microsoft.Extensions.DependencyInjection;
using Mlops.Core.Onnx.Samples;
using Mlops.Core.Pipelines;
using Mlops.Core.Registry;
using Mlops.Core.Storage;
using Mlops.Core.Tests.Infrastructure;
using Mlops.Server.Tests.Infrastructure;
using Mlops.Server.Tests.Pipelines;
using Parquet;
using Parquet.Schema;

namespace Mlops.Server.Tests.Serving;

/// <summary>A file dropped in <c>scoring-input/{model}/</c> is scored by the champion through the server's watcher and engine.</summary>
public sealed class BatchScoringTests
{
    private static readonly Dictionary<string, string?> Settings = new()
    {
        ["Pipelines:BlobWatcher:PollInterval"] = "00:00:00.100",
        ["Serving:MaxBatchRows"] = "100",
        ["PredictionLog:FlushInterval"] = "00:00:00.050",
    };

    [Fact]
    public async Task CsvDrop_ScoredInChunksByTheChampion_OutputMatchesTheModelRowByRowAndEachChunkIsLogged()
    {
        await using var server = PipelineServerFixture.Create(new ServerFactory(), Settings);
        using var client = server.CreateAdminClient();
        var model = await RegisterChampionAsync(server.Services);
        var rows = Enumerable.Range(0, 250).Select(i => (Age: 20f + (i % 50), Income: 1000f * (i % 7), Plan: i % 4 == 3 ? "gold" : NamedColumnsModel.Plans[i % 3])).ToArray();
        var csv = new StringBuilder("id,age,plan,income\n");
        foreach (var (row, i) in rows.Select((r, i) => (r, i)))
        {
            csv.Append(CultureInfo.InvariantCulture, $"{i},{row.Age},{row.Plan},{row.Income}\n");
        }

        await UploadAsync(server.Services, $"{model}/2025-01/batch.csv", BinaryData.FromString(csv.ToString()));
        var status = await WaitForRunAsync(client, model);

        Assert.Equal("Completed", status.GetProperty("runtimeStatus").GetString());
        var output = status.GetProperty("output");
        Assert.Equal(250, output.GetProperty("rows").GetInt64());
        Assert.Equal(1, output.GetProperty("version").GetInt32());
        Assert.Equal($"blob://scoring-output/{model}/2025-01/batch.csv.predictions.jsonl", output.GetProperty("output").GetString());
        var lines = await ReadLinesAsync(server.Services, $"{model}/2025-01/batch.csv.predictions.jsonl");
        Assert.Equal(250, lines.Count);
        for (var i = 0; i < rows.Length; i++)
        {
            Assert.Equal(i, lines[i].GetProperty("row").GetInt32());
            Assert.Equal(NamedColumnsModel.Score(rows[i].Age, rows[i].Income, rows[i].Plan), lines[i].GetProperty("prediction").GetSingle(), 3);
        }

        var manifest = (await ReadLinesAsync(server.Services, $"{model}/2025-01/batch.csv.manifest.json")).Single();
        Assert.Equal(1, manifest.GetProperty("version").GetInt32());
        Assert.Equal(250, manifest.GetProperty("rows").GetInt64());
        var logged = await Eventually.WaitAsync(
            async () => (await client.GetFromJsonAsync<JsonElement>($"/api/models/{model}/predictions")).GetProperty("predictions"),
            predictions => predictions.GetArrayLength() == 3,
            "the three chunks in the prediction log");
        Assert.All(logged.EnumerateArray(), record => Assert.Equal(1, record.GetProperty("version").GetInt32()));
        Assert.Equal(250, logged.EnumerateArray().Sum(record => record.GetProperty("rows").GetInt32()));
    }

    [Fact]
    public async Task ParquetAndJsonLinesDrops_ScoredLikeCsv()
    {
        await using var server = PipelineServerFixture.Create(new ServerFactory(), Settings);
        using var client = server.CreateAdminClient();
        var model = await RegisterChampionAsync(server.Services);
        await UploadAsync(server.Services, $"{model}/rows.jsonl", BinaryData.FromString(
            """
            {"age": 30, "income": 2000, "plan": "pro", "extra": true}

            {"age": 41.5, "income": 0, "plan": "basic"}
            """));
        var parquet = await ParquetBytesAsync([30, 41.5], [2000, 0], ["pro", "basic"]);
        await UploadAsync(server.Services, $"{model}/rows.parquet", new BinaryData(parquet));

        var statuses = await WaitForRunsAsync(client, model, 2);

        Assert.All(statuses, s => Assert.Equal("Completed", s.GetProperty("runtimeStatus").GetString()));
        foreach (var name in new[] { "rows.jsonl", "rows.parquet" })
        {
            var lines = await ReadLinesAsync(server.Services, $"{model}/{name}.predictions.jsonl");
            Assert.Equal(2, lines.Count);
            if (lines.Any(line => line.GetProperty("prediction").ValueKind != JsonValueKind.Number))
            {
                // What the model was given, from the prediction log, says whether the input or the run went wrong.
                var logged = await Eventually.WaitAsync(
                    async () => (await client.GetFromJsonAsync<JsonElement>($"/api/models/{model}/predictions")).GetProperty("predictions"),
                    predictions => predictions.GetArrayLength() == 2,
                    "both runs in the prediction log");
                Assert.Fail($"{name}: {string.Join(" | ", lines)}; logged: {logged}");
            }

            Assert.Equal(NamedColumnsModel.Score(30, 2000, "pro"), lines[0].GetProperty("prediction").GetSingle(), 3);
            Assert.Equal(NamedColumnsModel.Score(41.5f, 0, "basic"), lines[1].GetProperty("prediction").GetSingle(), 3);
        }
    }

    [Fact]
    public async Task DropMissingAModelColumn_FailsNamingTheColumn_AndWritesNoOutput()
    {
        await using var server = PipelineServerFixture.Create(new ServerFactory(), Settings);
        using var client = server.CreateAdminClient();
        var model = await RegisterChampionAsync(server.Services);

        await UploadAsync(server.Services, $"{model}/bad.csv", BinaryData.FromString("age,plan\n30,pro\n"));
        var status = await WaitForRunAsync(client, model);

        Assert.Equal("Failed", status.GetProperty("runtimeStatus").GetString());
        Assert.Contains("income", status.GetProperty("failureDetails").GetProperty("errorMessage").GetString(), StringComparison.Ordinal);
        Assert.False(await OutputContainer(server.Services).GetBlobClient($"{model}/bad.csv.predictions.jsonl").ExistsAsync());
    }

    [Fact]
    public async Task DropWithAValueThatDoesNotParse_FailsNamingTheRowsAndColumn()
    {
        await using var server = PipelineServerFixture.Create(new ServerFactory(), Settings);
        using var client = server.CreateAdminClient();
        var model = await RegisterChampionAsync(server.Services);

        await UploadAsync(server.Services, $"{model}/bad.csv", BinaryData.FromString("age,income,plan\n30,1,pro\nthirty,2,basic\n"));
        var status = await WaitForRunAsync(client, model);

        Assert.Equal("Failed", status.GetProperty("runtimeStatus").GetString());
        var message = status.GetProperty("failureDetails").GetProperty("errorMessage").GetString();
        Assert.Contains("Rows 1-2", message, StringComparison.Ordinal);
        Assert.Contains("age", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DropForAModelWithoutChampion_FailsSayingSo()
    {
        await using var server = PipelineServerFixture.Create(new ServerFactory(), Settings);
        using var client = server.CreateAdminClient();
        var model = "b" + Guid.NewGuid().ToString("N")[..10];

        await UploadAsync(server.Services, $"{model}/x.csv", BinaryData.FromString("age,income,plan\n30,1,pro\n"));
        var status = await WaitForRunAsync(client, model);

        Assert.Equal("Failed", status.GetProperty("runtimeStatus").GetString());
        Assert.Contains(model, status.GetProperty("failureDetails").GetProperty("errorMessage").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunForContentReplacedSinceTheDrop_FailsAsConflict_WithoutScoringTheNewContent()
    {
        await using var server = PipelineServerFixture.Create(new ServerFactory(), new Dictionary<string, string?> { ["Pipelines:BlobWatcher:Enabled"] = "false" });
        using var client = server.CreateAdminClient();
        var model = await RegisterChampionAsync(server.Services);
        await UploadAsync(server.Services, $"{model}/x.csv", BinaryData.FromString("age,income,plan\n30,1,pro\n"));
        var drop = new
        {
            container = "scoring-input",
            blobName = $"{model}/x.csv",
            key = model,
            url = "http://127.0.0.1/devstoreaccount1/scoring-input/x.csv",
            eTag = "0x8DD0000000000000",
            contentType = (string?)null,
            contentLength = (long?)null,
            eventTime = DateTimeOffset.UnixEpoch,
            eventId = "replaced",
        };

        var started = await client.PostAsJsonAsync($"/api/pipelines/{PipelineWorkflowNames.BatchScoring}", drop);
        Assert.Equal(System.Net.HttpStatusCode.Accepted, started.StatusCode);
        var id = (await started.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
        var status = await PipelineServerFixture.WaitForFinishAsync(client, id);

        Assert.Equal("Failed", status.GetProperty("runtimeStatus").GetString());
        Assert.Contains("replaced after it was dropped", status.GetProperty("failureDetails").GetProperty("errorMessage").GetString(), StringComparison.Ordinal);
        Assert.False(await OutputContainer(server.Services).GetBlobClient($"{model}/x.csv.predictions.jsonl").ExistsAsync());
    }

    private static async Task<string> RegisterChampionAsync(IServiceProvider services)
    {
        var model = "b" + Guid.NewGuid().ToString("N")[..10];
        var registry = services.GetRequiredService<IModelRegistry>();
        await using var onnx = new MemoryStream(SampleModels.NamedColumns());
        var version = await registry.RegisterVersionAsync(model, onnx, new NewModelVersion(), "test");
        await registry.SetAliasAsync(model, ModelReference.DefaultAlias, version.Version, "test");
        return model;
    }

    private static async Task<JsonElement> WaitForRunAsync(HttpClient client, string model) => (await WaitForRunsAsync(client, model, 1)).Single();

    private static async Task<List<JsonElement>> WaitForRunsAsync(HttpClient client, string model, int count)
    {
        var ids = await Eventually.WaitAsync(
            async () =>
            {
                var list = await client.GetFromJsonAsync<JsonElement>($"/api/pipelines?name={PipelineWorkflowNames.BatchScoring}&showInput=true");
                return list.EnumerateArray()
                    .Where(s => s.GetProperty("input").GetProperty("key").GetString() == model)
                    .Select(s => s.GetProperty("instanceId").GetString()!)
                    .ToList();
            },
            found => found.Count == count,
            $"{count} batch scoring run(s) for {model}");
        var statuses = new List<JsonElement>();
        foreach (var id in ids)
        {
            statuses.Add(await PipelineServerFixture.WaitForFinishAsync(client, id));
        }

        return statuses;
    }

    private static async Task UploadAsync(IServiceProvider services, string blobName, BinaryData content)
    {
        var container = services.GetRequiredService<BlobServiceClient>()
            .GetBlobContainerClient(services.GetRequiredService<StorageNames>().Container("scoring-input"));
        await container.UploadBlobAsync(blobName, content);
    }

    private static BlobContainerClient OutputContainer(IServiceProvider services) =>
        services.GetRequiredService<BlobServiceClient>()
            .GetBlobContainerClient(services.GetRequiredService<StorageNames>().Container("scoring-output"));

    private static async Task<List<JsonElement>> ReadLinesAsync(IServiceProvider services, string blobName)
    {
        var content = (await OutputContainer(services).GetBlobClient(blobName).DownloadContentAsync()).Value.Content.ToString();
        return [.. content.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => JsonDocument.Parse(line).RootElement.Clone())];
    }

    private static async Task<byte[]> ParquetBytesAsync(double[] age, double[] income, string[] plan)
    {
        var ageField = new DataField<double>("age");
        var incomeField = new DataField<double>("income");
        var planField = new DataField<string>("plan");
        using var stream = new MemoryStream();
        await using (var writer = await ParquetWriter.CreateAsync(new ParquetSchema(ageField, incomeField, planField), stream))
        {
            using var group = writer.CreateRowGroup();
            await group.WriteAsync<double>(ageField, age, null, null, default);
            await group.WriteAsync<double>(incomeField, income, null, null, default);
            await group.WriteAsync(planField, plan, null);
        }

        return stream.ToArray();
    }
}
