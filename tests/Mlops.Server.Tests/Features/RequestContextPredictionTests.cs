using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Mlops.Core.Features;
using Mlops.Server.Tests.Infrastructure;
using Mlops.Server.Tests.Training;

namespace Mlops.Server.Tests.Features;

/// <summary>
/// Predictions from entity keys plus request-time columns (<c>request_context</c>) through the real server against
/// Azurite, with a model trained from a feature view and one column of the entity rows that is not a feature.
/// </summary>
public sealed class RequestContextPredictionTests(RequestContextPredictionTests.TrainedModel trained) : IClassFixture<RequestContextPredictionTests.TrainedModel>
{
    public static TheoryData<string, string> BadBodies => new()
    {
        { """{"entities": {"customer_id": ["c1", "c2"]}, "request_context": {"tenure": [1]}}""", "request_context.tenure" },
        { """{"entities": {"customer_id": ["c1"]}, "request_context": {"tenure": [1], "spend": [30]}}""", "request_context.spend" },
        { """{"entities": {"customer_id": ["c1"]}}""", "request_context.tenure" },
        { """{"entities": {"customer_id": ["c1"]}, "request_context": {"tenure": [1], "shoe_size": [42]}}""", "request_context.shoe_size" },
        { """{"entities": {"customer_id": ["c1", "c2"]}, "request_context": {"tenure": [1, "long"]}}""", "request_context.tenure" },
        { """{"entities": {"customer_id": ["c1"]}, "request_context": {"tenure": [[1]]}}""", "request_context.tenure[0]" },
        { """{"entities": {"customer_id": ["c1"]}, "request_context": [1]}""", "request_context" },
        { """{"request_context": {"tenure": [1]}}""", "entities" },
        { """{"entities": {"customer_id": ["c1"]}, "request_context": {"tenure": [1]}, "inputs": [{"tenure": 1}]}""", "inputs" },
    };

    [Fact]
    public async Task Predict_EntitiesWithRequestContext_ScoresFeaturesAndRequestColumnsAndLogsBoth()
    {
        // Arrange: c1 twice, with the shortest and the longest tenure; c2 once.
        using var client = trained.Factory.CreateFunctionClient();
        var requestId = "rc-" + Guid.NewGuid().ToString("N");
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/models/{trained.Model}/predict")
        {
            Content = new StringContent(
                """{"request_context": {"tenure": [0, 23, 12]}, "entities": {"customer_id": ["c1", "c1", "c2"]}}""", Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("x-request-id", requestId);

        // Act
        using var response = await client.SendAsync(request);

        // Assert: the request column changes c1's score, and the log holds the features and the request column per row.
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, text);
        var predictions = JsonDocument.Parse(text).RootElement.GetProperty("predictions");
        Assert.Equal(3, predictions.GetArrayLength());
        Assert.NotEqual(predictions[0].GetRawText(), predictions[1].GetRawText());
        var logged = await FeatureTrainingAndPredictionTests.WaitForLoggedAsync(client, trained.Model, requestId);
        var inputs = logged.GetProperty("inputs");
        Assert.Equal((0, 23, 12), (inputs[0].GetProperty("tenure").GetInt32(), inputs[1].GetProperty("tenure").GetInt32(), inputs[2].GetProperty("tenure").GetInt32()));
        Assert.Equal((80.0, 80.0, 20.0), (inputs[0].GetProperty("spend").GetDouble(), inputs[1].GetProperty("spend").GetDouble(), inputs[2].GetProperty("spend").GetDouble()));
        var lineage = logged.GetProperty("features");
        Assert.Equal("PRESENT", lineage.GetProperty("features").GetProperty($"{trained.View}:spend").GetProperty("statuses")[2].GetString());
        Assert.Equal("c2", lineage.GetProperty("entities").GetProperty("customer_id")[2].GetString());
    }

    [Theory]
    [MemberData(nameof(BadBodies))]
    public async Task Predict_BadRequestContext_Is400NamingTheField(string body, string field)
    {
        using var client = trained.Factory.CreateFunctionClient();

        using var response = await client.PostAsync($"/api/models/{trained.Model}/predict", new StringContent(body, Encoding.UTF8, "application/json"));

        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, text);
        Assert.Equal(field, JsonDocument.Parse(text).RootElement.GetProperty("field").GetString());
    }

    [Theory]
    [InlineData("""{"refs": ["{view}:nosuch"]}""", HttpStatusCode.NotFound, "training.features.refs[0]")]
    [InlineData("""{"refs": ["{view}:spend", "{view}:spend"]}""", HttpStatusCode.BadRequest, "training.features.refs[1]")]
    [InlineData("""{"refs": ["{view}:spend"], "extra": 1}""", HttpStatusCode.BadRequest, "$.training.features.extra")]
    public async Task PutPolicy_BadFeatures_IsRefusedNamingTheField(string features, HttpStatusCode status, string field)
    {
        using var admin = trained.Factory.CreateAdminClient();
        var model = TrainingUploads.NewName("polfv");
        var body = """{"training": {"label": "churned", "features": FEATURES}}""".Replace("FEATURES", features.Replace("{view}", trained.View, StringComparison.Ordinal), StringComparison.Ordinal);

        using var response = await admin.PutAsync($"/api/models/{model}/policy", new StringContent(body, Encoding.UTF8, "application/json"));
        using var stored = await admin.GetAsync($"/api/models/{model}/policy");

        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, text);
        Assert.Equal(field, JsonDocument.Parse(text).RootElement.GetProperty("field").GetString());
        Assert.Equal(HttpStatusCode.NotFound, stored.StatusCode);
    }

    [Fact]
    public async Task PutPolicy_WithFeatures_RoundTrips()
    {
        using var admin = trained.Factory.CreateAdminClient();
        var model = TrainingUploads.NewName("polfv");

        using var put = await admin.PutAsJsonAsync($"/api/models/{model}/policy", new
        {
            training = new { label = "churned", features = new { refs = new[] { $"{trained.View}:spend" }, timestampColumn = "as_of" } },
        });
        var got = await admin.GetFromJsonAsync<JsonElement>($"/api/models/{model}/policy");

        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        var features = got.GetProperty("training").GetProperty("features");
        Assert.Equal($"{trained.View}:spend", features.GetProperty("refs")[0].GetString());
        Assert.Equal("as_of", features.GetProperty("timestampColumn").GetString());
    }

    /// <summary>
    /// One server with a champion trained by <c>POST /api/train</c> from view features spend and visits joined to entity
    /// rows that also carry <c>tenure</c> (a request-time column), and online rows for c1 (spend 80) and c2 (spend 20).
    /// </summary>
    public sealed class TrainedModel : IAsyncLifetime
    {
        private static readonly DateTimeOffset Day0 = new(2025, 3, 1, 0, 0, 0, TimeSpan.Zero);

        public ServerFactory Factory { get; } = new();

        public string Model { get; } = TrainingUploads.NewName("rc");

        public string View { get; private set; } = string.Empty;

        public async Task InitializeAsync()
        {
            Factory.Settings["PredictionLog:FlushInterval"] = "00:00:00.100";
            FeatureView view = await FeatureSetup.DefineAsync(Factory, FeatureSetup.NewViewName("rc"), "30d", ["spend", "visits"]);
            View = view.Name;
            var random = new Random(11);
            var customers = Enumerable.Range(0, 300).Select(i => $"k{i}").ToArray();
            var spend = customers.ToDictionary(c => c, _ => Math.Round(random.NextDouble() * 100, 2));
            var tenure = customers.ToDictionary(c => c, _ => random.Next(0, 24));
            await FeatureSetup.WriteOfflineAsync(Factory, view, FeatureSetup.Frame(view, [.. customers.Select((c, i) => (c, Day0.AddMinutes(i), new[] { spend[c], i % 5 }, (string?)null))]));
            var csv = new StringBuilder("customer_id,event_timestamp,tenure,churned\n");
            foreach (var customer in customers)
            {
                // Churn rises with spend and falls with tenure: both the feature and the request column matter.
                var churned = (spend[customer] / 100) - (tenure[customer] / 24.0) > 0;
                csv.Append(CultureInfo.InvariantCulture, $"{customer},{Day0.AddDays(1):yyyy-MM-ddTHH:mm:ssZ},{tenure[customer]},{(churned ? "true" : "false")}\n");
            }

            var data = await TrainingUploads.UploadAsync(Factory, $"{Model}/entities.csv", csv.ToString());
            using var admin = Factory.CreateAdminClient();
            using (var response = await admin.PostAsJsonAsync("/api/train", new
            {
                model = Model,
                data,
                label = "churned",
                features = new { refs = new[] { $"{view.Name}:spend", $"{view.Name}:visits" } },
                trainers = new[] { new { trainer = "linear" } },
                seed = 1,
            }))
            {
                Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
            }

            using (var alias = await admin.PutAsJsonAsync($"/api/models/{Model}/aliases/champion", new { version = 1 }))
            {
                Assert.Equal(HttpStatusCode.OK, alias.StatusCode);
            }

            var fresh = DateTimeOffset.UtcNow.AddMinutes(-5);
            await FeatureSetup.WriteOnlineAsync(Factory, view, FeatureSetup.Frame(view, [("c1", fresh, [80, 2], null), ("c2", fresh, [20, 3], null)]));
        }

        public async Task DisposeAsync() => await Factory.DisposeAsync();
    }
}
