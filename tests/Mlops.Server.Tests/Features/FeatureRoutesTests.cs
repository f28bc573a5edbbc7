using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Azure.Storage.Blobs;
using Microsoft.Extensions.DependencyInjection;
using Mlops.Core.Features;
using Mlops.Core.Storage;
using Mlops.Core.Tests.Infrastructure;
using Mlops.Server.Tests.Infrastructure;
using Mlops.Server.Tests.Pipelines;

namespace Mlops.Server.Tests.Features;

/// <summary>The feature store's routes through the real server pipeline, against Azurite.</summary>
public sealed class FeatureRoutesTests : IClassFixture<FeatureRoutesTests.Fixture>
{
    private static readonly DateTimeOffset T0 = new(2025, 3, 1, 0, 0, 0, TimeSpan.Zero);
    private readonly ServerFactory _server;

    public FeatureRoutesTests(Fixture fixture)
    {
        _server = fixture.Server;
    }

    private static string NewName() => "v" + Guid.NewGuid().ToString("N")[..12];

    private static object Definition(string? name, string ttl = "30d") => new
    {
        name,
        entities = new[] { "driver_id" },
        timestampColumn = "event_time",
        source = new { format = "csv" },
        features = new object[]
        {
            new { name = "trips" },
            new { name = "fare_log", expression = "log(fare)" },
            new { name = "trips_1d", column = "trips", aggregation = "sum", window = "1d" },
        },
        ttl,
        owner = "rides",
        tags = new { team = "rides" },
    };

    [Fact]
    public async Task PutView_NewThenSameThenChanged_Returns201Then200Then201()
    {
        using var client = _server.CreateAdminClient();
        var name = NewName();

        var created = await client.PutAsJsonAsync($"/api/features/views/{name}", Definition(null));
        var same = await client.PutAsJsonAsync($"/api/features/views/{name}", Definition(name));
        var changed = await client.PutAsJsonAsync($"/api/features/views/{name}", Definition(null, "7d"));
        var body = await changed.Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.EndsWith($"/api/features/views/{name}?version=1", created.Headers.Location!.ToString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, same.StatusCode);
        Assert.Equal(HttpStatusCode.Created, changed.StatusCode);
        Assert.Equal(2, body.GetProperty("version").GetInt32());
        Assert.Equal("aggregate", body.GetProperty("features")[2].GetProperty("kind").GetString());
        Assert.Equal($"{name}:trips", body.GetProperty("features")[0].GetProperty("reference").GetString());
    }

    [Fact]
    public async Task ListAndGet_DefinedView_CatalogShowsViewsAndFeatures()
    {
        using var admin = _server.CreateAdminClient();
        using var client = _server.CreateFunctionClient();
        var name = NewName();
        (await admin.PostAsJsonAsync("/api/features/views", Definition(name))).EnsureSuccessStatusCode();
        (await admin.PutAsJsonAsync($"/api/features/views/{name}", Definition(name, "1d"))).EnsureSuccessStatusCode();

        var list = await client.GetFromJsonAsync<JsonElement>("/api/features/views");
        var latest = await client.GetFromJsonAsync<JsonElement>($"/api/features/views/{name}");
        var first = await client.GetFromJsonAsync<JsonElement>($"/api/features/views/{name}?version=1");
        var missing = await client.GetAsync("/api/features/views/nope");

        var entry = list.GetProperty("views").EnumerateArray().Single(v => v.GetProperty("name").GetString() == name);
        Assert.Equal(3, entry.GetProperty("features").GetArrayLength());
        Assert.Equal("1d", latest.GetProperty("ttl").GetString());
        Assert.Equal("30d", first.GetProperty("ttl").GetString());
        Assert.Equal("derived", latest.GetProperty("features")[1].GetProperty("kind").GetString());
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }

    public static TheoryData<string, string> BadBodies => new()
    {
        { """{"entities": ["id"], "timestampColumn": "ts", "source": {}, "features": [{"name": "x"}, {"name": "x"}], "ttl": "1d"}""", "features[1].name" },
        { """{"entities": ["id"], "timestampColumn": "ts", "source": {}, "features": [{"name": "x", "aggregation": "sum", "column": "y", "window": "1 week"}], "ttl": "1d"}""", "features[0].window" },
        { """{"entities": ["id"], "timestampColumn": "ts", "source": {"columns": ["id", "ts"]}, "features": [{"name": "x"}], "ttl": "1d"}""", "features[0].column" },
        { """{"entities": ["id"], "timestampColumn": "ts", "source": {}, "features": [{"name": "x", "expression": "x +"}], "ttl": "1d"}""", "features[0].expression" },
        { """{"name": "other", "entities": ["id"], "timestampColumn": "ts", "source": {}, "features": [{"name": "x"}], "ttl": "1d"}""", "name" },
        { """{"entities": ["id"], "timestampColumn": "ts", "features": [{"name": "x"}], "ttl": "1d"}""", "source" },
        { """{"entities": ["id"], "timestampColumn": "ts", "source": {"format": "xml"}, "features": [{"name": "x"}], "ttl": "1d"}""", "$.source.format" },
        { """not json""", "$" },
    };

    [Theory]
    [MemberData(nameof(BadBodies))]
    public async Task PutView_BadDefinition_Returns400NamingTheField(string body, string field)
    {
        using var client = _server.CreateAdminClient();
        var name = NewName();

        var response = await client.PutAsync($"/api/features/views/{name}", new StringContent(body, Encoding.UTF8, "application/json"));
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        var stored = await client.GetAsync($"/api/features/views/{name}");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(field, problem.GetProperty("field").GetString());
        Assert.Equal(HttpStatusCode.NotFound, stored.StatusCode);
    }

    [Fact]
    public async Task PutView_FunctionKey_IsRefused()
    {
        using var client = _server.CreateFunctionClient();

        var response = await client.PutAsJsonAsync($"/api/features/views/{NewName()}", Definition(null));

        Assert.True(response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden, response.StatusCode.ToString());
    }

    [Fact]
    public async Task Materialize_Range_RunsTheWorkflowAndFillsBothStores()
    {
        using var client = _server.CreateAdminClient();
        var name = NewName();
        (await client.PutAsJsonAsync($"/api/features/views/{name}", Definition(name))).EnsureSuccessStatusCode();
        await UploadAsync(_server.Services, $"{name}/part-1.csv", "driver_id,event_time,trips,fare\nd/1,2025-03-01T01:00:00Z,2,10\nd/1,2025-03-01T05:00:00Z,3,20\nd2,2025-03-02T01:00:00Z,1,5\n");

        var response = await client.PostAsJsonAsync($"/api/features/views/{name}/materialize", new { from = T0, to = T0.AddDays(2) });
        var started = await response.Content.ReadFromJsonAsync<JsonElement>();
        var status = await PipelineServerFixture.WaitForFinishAsync(client, started.GetProperty("id").GetString()!);
        var view = await _server.Services.GetRequiredService<IFeatureRegistry>().GetAsync(name);
        var online = await _server.Services.GetRequiredService<IOnlineFeatureStore>().ReadAsync(view, [new EntityKey("d/1"), new EntityKey("d2")], ["trips_1d"]);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Equal("Completed", status.GetProperty("runtimeStatus").GetString());
        Assert.Equal(3, status.GetProperty("output").GetProperty("views")[0].GetProperty("rows").GetInt32());
        Assert.Equal(5.0, online.Rows[0].Values[0].Value);
        Assert.Equal(1.0, online.Rows[1].Values[0].Value);
    }

    [Fact]
    public async Task Materialize_BadRequests_AreClearErrors()
    {
        using var client = _server.CreateAdminClient();
        var name = NewName();
        (await client.PutAsJsonAsync($"/api/features/views/{name}", Definition(name))).EnsureSuccessStatusCode();

        var unknown = await client.PostAsJsonAsync("/api/features/views/nope/materialize", new { });
        var reversed = await client.PostAsJsonAsync($"/api/features/views/{name}/materialize", new { from = T0.AddDays(1), to = T0 });
        var chunk = await client.PostAsJsonAsync($"/api/features/views/{name}/materialize", new { chunkSize = "5h" });
        var badTime = await client.PostAsync($"/api/features/views/{name}/materialize", new StringContent("""{"from": "yesterday", "to": "today"}""", Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, reversed.StatusCode);
        Assert.Equal("to", (await reversed.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("field").GetString());
        Assert.Equal("chunkSize", (await chunk.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("field").GetString());
        Assert.Equal(HttpStatusCode.BadRequest, badTime.StatusCode);
    }

    [Fact]
    public async Task BlobDrop_InFeatureSources_MaterializesTheView()
    {
        using var client = _server.CreateAdminClient();
        var name = NewName();
        (await client.PutAsJsonAsync($"/api/features/views/{name}", Definition(name))).EnsureSuccessStatusCode();
        var view = await _server.Services.GetRequiredService<IFeatureRegistry>().GetAsync(name);
        var store = _server.Services.GetRequiredService<IOnlineFeatureStore>();

        await UploadAsync(_server.Services, $"{name}/drop.csv", "driver_id,event_time,trips,fare\n7,2025-03-01T01:00:00Z,4,10\n");
        var online = await Eventually.WaitAsync(
            () => store.ReadAsync(view, [new EntityKey("7")], ["trips"]),
            r => r.Rows[0].Found,
            "the dropped source to be materialized");

        Assert.Equal(4.0, online.Rows[0].Values[0].Value);
    }

    private static async Task UploadAsync(IServiceProvider services, string blobName, string content)
    {
        var container = services.GetRequiredService<BlobServiceClient>()
            .GetBlobContainerClient(services.GetRequiredService<StorageNames>().Container("feature-sources"));
        await container.UploadBlobAsync(blobName, BinaryData.FromString(content));
    }

    /// <summary>One server for the class, with a fast engine and blob watcher.</summary>
    public sealed class Fixture : IAsyncDisposable
    {
        public ServerFactory Server { get; } = PipelineServerFixture.Create(
            new ServerFactory(),
            new Dictionary<string, string?> { ["Pipelines:BlobWatcher:PollInterval"] = "00:00:00.200", ["Features:Schedule"] = "" });

        public ValueTask DisposeAsync() => Server.DisposeAsync();
    }
}
