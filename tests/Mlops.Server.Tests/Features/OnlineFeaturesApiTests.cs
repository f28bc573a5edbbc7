using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Mlops.Server.Tests.Infrastructure;

namespace Mlops.Server.Tests.Features;

/// <summary><c>POST /api/features/online</c> (Feast's shape) through the real server pipeline against Azurite.</summary>
public sealed class OnlineFeaturesApiTests(ServerFactory factory) : IClassFixture<ServerFactory>
{
    [Fact]
    public async Task GetOnlineFeatures_PresentStaleAndUnknownEntities_AnswersColumnMajorWithFeastStatuses()
    {
        var now = DateTimeOffset.UtcNow;
        var view = await FeatureSetup.DefineAsync(factory, FeatureSetup.NewViewName("cust"), "7d", ["spend", "visits"], text: "segment");
        var fresh = now.AddHours(-1);
        var stale = now.AddDays(-10);
        await FeatureSetup.WriteOnlineAsync(factory, view, FeatureSetup.Frame(view, [
            ("c1", fresh, [10.5, double.NaN], "gold"),
            ("c2", stale, [3, 4], "silver"),
        ]));
        using var client = factory.CreateFunctionClient();

        using var response = await client.PostAsJsonAsync("/api/features/online", new
        {
            features = new[] { $"{view.Name}:spend", $"{view.Name}:segment", $"{view.Name}:visits" },
            entities = new { customer_id = new[] { "c1", "c2", "c3" } },
        });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(["customer_id", "spend", "segment", "visits"], Strings(body.GetProperty("metadata").GetProperty("feature_names")));
        var results = body.GetProperty("results");
        Assert.Equal(4, results.GetArrayLength());
        Assert.Equal(["c1", "c2", "c3"], Strings(results[0].GetProperty("values")));
        Assert.Equal(["PRESENT", "PRESENT", "PRESENT"], Strings(results[0].GetProperty("statuses")));

        var spend = results[1];
        Assert.Equal(10.5, spend.GetProperty("values")[0].GetDouble());
        Assert.Equal(3, spend.GetProperty("values")[1].GetDouble());
        Assert.Equal(JsonValueKind.Null, spend.GetProperty("values")[2].ValueKind);
        Assert.Equal(["PRESENT", "OUTSIDE_MAX_AGE", "NOT_FOUND"], Strings(spend.GetProperty("statuses")));
        var times = spend.GetProperty("event_timestamps");
        Assert.Equal(fresh.UtcTicks / TimeSpan.TicksPerMillisecond, times[0].GetDateTimeOffset().UtcTicks / TimeSpan.TicksPerMillisecond);
        Assert.Equal(stale.UtcTicks / TimeSpan.TicksPerMillisecond, times[1].GetDateTimeOffset().UtcTicks / TimeSpan.TicksPerMillisecond);
        Assert.Equal("1970-01-01T00:00:00Z", times[2].GetString());

        Assert.Equal(["gold", "silver"], Strings(results[2].GetProperty("values")).Take(2));
        Assert.Equal("NULL_VALUE", results[3].GetProperty("statuses")[0].GetString());
        Assert.Equal(4, results[3].GetProperty("values")[1].GetDouble());
    }

    [Fact]
    public async Task GetOnlineFeatures_FullFeatureNamesAndNumericKeys_NamesViewDoubleUnderscoreFeature()
    {
        var view = await FeatureSetup.DefineAsync(factory, FeatureSetup.NewViewName("num"), "30d", ["spend"]);
        await FeatureSetup.WriteOnlineAsync(factory, view, FeatureSetup.Frame(view, [("1001", DateTimeOffset.UtcNow.AddMinutes(-5), [7], null)]));
        using var client = factory.CreateFunctionClient();

        using var response = await client.PostAsJsonAsync("/api/features/online", new
        {
            features = new[] { $"{view.Name}:spend" },
            entities = new { customer_id = new[] { 1001 } },
            full_feature_names = true,
        });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(["customer_id", $"{view.Name}__spend"], Strings(body.GetProperty("metadata").GetProperty("feature_names")));
        Assert.Equal(1001, body.GetProperty("results")[0].GetProperty("values")[0].GetInt32());
        Assert.Equal(7, body.GetProperty("results")[1].GetProperty("values")[0].GetDouble());
        Assert.Equal("PRESENT", body.GetProperty("results")[1].GetProperty("statuses")[0].GetString());
    }

    [Theory]
    [InlineData("""{"features": ["{view}:spend", "nosuchview:spend"], "entities": {"customer_id": ["c1"]}}""", HttpStatusCode.NotFound, "features[1]")]
    [InlineData("""{"features": ["{view}:nosuchfeature"], "entities": {"customer_id": ["c1"]}}""", HttpStatusCode.NotFound, "features[0]")]
    [InlineData("""{"features": ["spend"], "entities": {"customer_id": ["c1"]}}""", HttpStatusCode.BadRequest, "features[0]")]
    [InlineData("""{"features": ["{view}:spend", "{view}:spend"], "entities": {"customer_id": ["c1"]}}""", HttpStatusCode.BadRequest, "features[1]")]
    [InlineData("""{"features": [], "entities": {"customer_id": ["c1"]}}""", HttpStatusCode.BadRequest, "features")]
    [InlineData("""{"features": ["{view}:spend"]}""", HttpStatusCode.BadRequest, "entities")]
    [InlineData("""{"features": ["{view}:spend"], "entities": {"driver_id": ["d1"]}}""", HttpStatusCode.BadRequest, "entities")]
    [InlineData("""{"features": ["{view}:spend"], "entities": {"customer_id": ["c1", "c2"], "region": ["eu"]}}""", HttpStatusCode.BadRequest, "entities.region")]
    [InlineData("""{"features": ["{view}:spend"], "entities": {"customer_id": [{"a": 1}]}}""", HttpStatusCode.BadRequest, "entities.customer_id[0]")]
    [InlineData("""{"features": ["{view}:spend"], "entities": {"customer_id": ["c1"]}, "extra": 1}""", HttpStatusCode.BadRequest, "extra")]
    [InlineData("""{"features": ["{view}:spend"], "entities": {"customer_id": ["c1"]}, "full_feature_names": "yes"}""", HttpStatusCode.BadRequest, "full_feature_names")]
    [InlineData("""{"features": ["{view}:spend"], "entities":""", HttpStatusCode.BadRequest, "body")]
    public async Task GetOnlineFeatures_BadRequest_NamesTheField(string template, HttpStatusCode status, string field)
    {
        var view = await FeatureSetup.DefineAsync(factory, FeatureSetup.NewViewName("bad"), "1d", ["spend"]);
        using var client = factory.CreateFunctionClient();

        using var response = await client.PostAsync("/api/features/online", new StringContent(template.Replace("{view}", view.Name, StringComparison.Ordinal), System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(status, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(field, problem.GetProperty("field").GetString());
    }

    [Fact]
    public async Task GetOnlineFeatures_SameFeatureNameInTwoViews_Is400UnlessFullNames()
    {
        var first = await FeatureSetup.DefineAsync(factory, FeatureSetup.NewViewName("a"), "1d", ["spend"]);
        var second = await FeatureSetup.DefineAsync(factory, FeatureSetup.NewViewName("b"), "1d", ["spend"]);
        using var client = factory.CreateFunctionClient();
        object Body(bool full) => new
        {
            features = new[] { $"{first.Name}:spend", $"{second.Name}:spend" },
            entities = new { customer_id = new[] { "c1" } },
            full_feature_names = full,
        };

        using var clash = await client.PostAsJsonAsync("/api/features/online", Body(false));
        using var full = await client.PostAsJsonAsync("/api/features/online", Body(true));

        Assert.Equal(HttpStatusCode.BadRequest, clash.StatusCode);
        Assert.Contains("full_feature_names", (await clash.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, full.StatusCode);
        var body = await full.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(["NOT_FOUND"], Strings(body.GetProperty("results")[2].GetProperty("statuses")));
    }

    [Fact]
    public async Task GetOnlineFeatures_WithoutKey_Is401()
    {
        using var client = factory.CreateClient();

        using var response = await client.PostAsJsonAsync("/api/features/online", new { features = new[] { "a:b" }, entities = new { id = new[] { 1 } } });

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    private static string[] Strings(JsonElement array) => [.. array.EnumerateArray().Select(e => e.ValueKind == JsonValueKind.String ? e.GetString()! : e.GetRawText())];
}
