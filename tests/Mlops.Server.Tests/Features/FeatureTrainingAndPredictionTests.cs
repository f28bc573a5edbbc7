using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Mlops.Core.Training.Data;
using Mlops.Server.Tests.Infrastructure;
using Mlops.Server.Tests.Training;

namespace Mlops.Server.Tests.Features;

/// <summary>
/// Training from feature views (<c>POST /api/train</c> with <c>features</c>) and predicting from entity keys alone,
/// through the real server against Azurite: the joined set takes each value as of the row's time (a later value of the
/// same entity never leaks in), the version lists its features, and a prediction from keys is logged with the
/// feature values and their event times.
/// </summary>
public sealed class FeatureTrainingAndPredictionTests : IClassFixture<ServerFactory>
{
    private static readonly DateTimeOffset Day0 = new(2025, 3, 1, 0, 0, 0, TimeSpan.Zero);
    private readonly ServerFactory _factory;

    public FeatureTrainingAndPredictionTests(ServerFactory factory)
    {
        _factory = factory;
        _factory.Settings["PredictionLog:FlushInterval"] = "00:00:00.100";
    }

    [Fact]
    public async Task TrainFromFeatureViews_ThenPredictFromEntityKeys_JoinsAsOfRowTimeAndLogsFeatureLineage()
    {
        // Arrange: spend known on day 0 decides the label on day 1; on day 2 every spend flips (the future).
        var view = await FeatureSetup.DefineAsync(_factory, FeatureSetup.NewViewName("cust"), "30d", ["spend", "visits"]);
        var random = new Random(3);
        var customers = Enumerable.Range(0, 240).Select(i => $"c{i}").ToArray();
        var spendThen = customers.ToDictionary(c => c, _ => Math.Round(random.NextDouble() * 100, 2));
        var rows = new List<(string, DateTimeOffset, double[], string?)>();
        foreach (var (customer, i) in customers.Select((c, i) => (c, i)))
        {
            rows.Add((customer, Day0.AddMinutes(i), [spendThen[customer], i % 7], null));
            rows.Add((customer, Day0.AddDays(2).AddMinutes(i), [100 - spendThen[customer], 99], null));
        }

        await FeatureSetup.WriteOfflineAsync(_factory, view, FeatureSetup.Frame(view, rows));
        var csv = new StringBuilder("customer_id,event_timestamp,churned\n");
        foreach (var customer in customers)
        {
            csv.Append(CultureInfo.InvariantCulture, $"{customer},{Day0.AddDays(1):yyyy-MM-ddTHH:mm:ssZ},{(spendThen[customer] > 50 ? "true" : "false")}\n");
        }

        csv.Append(CultureInfo.InvariantCulture, $"c-unknown,{Day0.AddDays(1):yyyy-MM-ddTHH:mm:ssZ},false\n");
        var model = TrainingUploads.NewName("fv");
        var data = await TrainingUploads.UploadAsync(_factory, $"{model}/entities.csv", csv.ToString());
        using var admin = _factory.CreateAdminClient();
        using var client = _factory.CreateFunctionClient();

        // Act: train.
        using var trained = await admin.PostAsJsonAsync("/api/train", new
        {
            model,
            data,
            label = "churned",
            features = new { refs = new[] { $"{view.Name}:spend", $"{view.Name}:visits" } },
            trainers = new[] { new { trainer = "linear" } },
            seed = 1,
        });

        // Assert: the version lists its features; the snapshot is the joined set with day-0 values only.
        Assert.Equal(HttpStatusCode.Created, trained.StatusCode);
        var result = await trained.Content.ReadFromJsonAsync<JsonElement>();
        var parameters = result.GetProperty("version").GetProperty("parameters");
        Assert.Equal($"[\"{view.Name}:spend\",\"{view.Name}:visits\"]", parameters.GetProperty("features").GetString());
        var snapshot = await ReadSnapshotAsync(result.GetProperty("dataUri").GetString()!);
        Assert.Equal(241, snapshot.RowCount);
        Assert.Equal(ColumnRole.Id, snapshot.Schema.Find("customer_id")!.Role);
        var ids = (CategoricalColumn)snapshot.GetColumn("customer_id");
        var spend = (NumericColumn)snapshot.GetColumn("spend");
        var visits = (NumericColumn)snapshot.GetColumn("visits");
        for (var r = 0; r < snapshot.RowCount; r++)
        {
            if (ids[r] == "c-unknown")
            {
                Assert.True(double.IsNaN(spend[r]));
                continue;
            }

            Assert.Equal(spendThen[ids[r]!], spend[r]);
            Assert.NotEqual(99, visits[r]);
        }

        Assert.True(result.GetProperty("testMetrics").GetProperty("auc").GetDouble() > 0.9);

        // Act: serve from entity keys (c1 fresh online, c2 never materialized online).
        var fresh = DateTimeOffset.UtcNow.AddMinutes(-10);
        await FeatureSetup.WriteOnlineAsync(_factory, view, FeatureSetup.Frame(view, [("c1", fresh, [90, 2], null)]));
        using (var alias = await admin.PutAsJsonAsync($"/api/models/{model}/aliases/champion", new { version = 1 }))
        {
            Assert.Equal(HttpStatusCode.OK, alias.StatusCode);
        }

        using var predict = new HttpRequestMessage(HttpMethod.Post, $"/api/models/{model}/predict")
        {
            Content = new StringContent("""{"entities": {"customer_id": ["c1", "c2"]}}""", Encoding.UTF8, "application/json"),
        };
        var requestId = "fv-" + Guid.NewGuid().ToString("N");
        predict.Headers.Add("x-request-id", requestId);
        using var predicted = await client.SendAsync(predict);

        // Assert: two predictions, and the log carries the inputs built from the store and the feature lineage.
        Assert.Equal(HttpStatusCode.OK, predicted.StatusCode);
        Assert.Equal(2, (await predicted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("predictions").GetArrayLength());
        var logged = await WaitForLoggedAsync(client, model, requestId);
        Assert.Equal(90, logged.GetProperty("inputs")[0].GetProperty("spend").GetDouble());
        Assert.Equal(JsonValueKind.Null, logged.GetProperty("inputs")[1].GetProperty("spend").ValueKind);
        var lineage = logged.GetProperty("features");
        Assert.Equal("c1", lineage.GetProperty("entities").GetProperty("customer_id")[0].GetString());
        var spendLineage = lineage.GetProperty("features").GetProperty($"{view.Name}:spend");
        Assert.Equal(view.Version, spendLineage.GetProperty("viewVersion").GetInt32());
        Assert.Equal("PRESENT", spendLineage.GetProperty("statuses")[0].GetString());
        Assert.Equal("NOT_FOUND", spendLineage.GetProperty("statuses")[1].GetString());
        Assert.Equal(fresh.UtcTicks / TimeSpan.TicksPerMillisecond, spendLineage.GetProperty("eventTimestamps")[0].GetDateTimeOffset().UtcTicks / TimeSpan.TicksPerMillisecond);
        Assert.Equal(JsonValueKind.Null, spendLineage.GetProperty("eventTimestamps")[1].ValueKind);
    }

    [Theory]
    [InlineData("""{"refs": ["nosuchview:spend"]}""", HttpStatusCode.NotFound, "features.refs[0]")]
    [InlineData("""{"refs": ["{view}:nosuch"]}""", HttpStatusCode.NotFound, "features.refs[0]")]
    [InlineData("""{"refs": []}""", HttpStatusCode.BadRequest, "features.refs")]
    [InlineData("""{"refs": ["{view}"]}""", HttpStatusCode.BadRequest, "features.refs[0]")]
    [InlineData("""{"refs": ["{view}:spend"], "timestampColumn": "happened_at"}""", HttpStatusCode.BadRequest, "features.timestampColumn")]
    [InlineData("""{"refs": ["{view}:spend"], "extra": 1}""", HttpStatusCode.BadRequest, "$.features.extra")]
    public async Task TrainFromFeatureViews_BadFeatureRequest_NamesTheField(string features, HttpStatusCode status, string field)
    {
        var view = await FeatureSetup.DefineAsync(_factory, FeatureSetup.NewViewName("badtrain"), "30d", ["spend"]);
        var model = TrainingUploads.NewName("fvbad");
        var data = await TrainingUploads.UploadAsync(_factory, $"{model}/entities.csv", "customer_id,event_timestamp,churned\nc1,2025-03-02T00:00:00Z,true\nc2,2025-03-02T00:00:00Z,false\n");
        using var admin = _factory.CreateAdminClient();
        var body = $$"""{"model": "{{model}}", "data": "{{data}}", "label": "churned", "features": {{features.Replace("{view}", view.Name, StringComparison.Ordinal)}}}""";

        using var response = await admin.PostAsync("/api/train", new StringContent(body, Encoding.UTF8, "application/json"));

        Assert.Equal(status, response.StatusCode);
        Assert.Equal(field, (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("field").GetString());
    }

    [Fact]
    public async Task PredictFromEntityKeys_ModelListsNoFeatures_Is400NamingEntities()
    {
        var model = TrainingUploads.NewName("plain");
        var data = await TrainingUploads.UploadAsync(_factory, $"{model}/data.csv", await TrainingUploads.ChurnCsvAsync(300));
        using var admin = _factory.CreateAdminClient();
        using (var trained = await admin.PostAsJsonAsync("/api/train", new { model, data, label = "churned", trainers = new[] { new { trainer = "linear" } } }))
        {
            Assert.Equal(HttpStatusCode.Created, trained.StatusCode);
        }

        using var client = _factory.CreateFunctionClient();
        using var response = await client.PostAsync($"/api/models/{model}/predict?version=1", new StringContent("""{"entities": {"customer_id": ["c1"]}}""", Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("entities", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("field").GetString());
    }

    private async Task<TabularDataset> ReadSnapshotAsync(string uri)
    {
        var source = _factory.Services.GetRequiredService<IDataSourceResolver>().Resolve(uri);
        await using var content = await source.OpenReadAsync();
        using var copy = new MemoryStream();
        await content.CopyToAsync(copy);
        copy.Position = 0;
        var read = await DatasetReader.ReadAsync(copy, DataFormat.Parquet, new DatasetReadOptions { Label = "churned", Columns = new Dictionary<string, ColumnOverride> { ["customer_id"] = new(Role: ColumnRole.Id) } });
        return read.Data;
    }

    /// <summary>The prediction log's record of <paramref name="requestId"/>, once the log has written it.</summary>
    internal static async Task<JsonElement> WaitForLoggedAsync(HttpClient client, string model, string requestId)
    {
        for (var attempt = 0; attempt < 300; attempt++)
        {
            var page = await client.GetFromJsonAsync<JsonElement>($"/api/models/{model}/predictions?requestId={requestId}");
            if (page.GetProperty("count").GetInt32() == 1)
            {
                return page.GetProperty("predictions")[0];
            }

            await Task.Delay(100);
        }

        throw new TimeoutException($"Prediction {requestId} never reached the log.");
    }
}
