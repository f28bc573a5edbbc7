using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Mlops.Core.Tests.Serving;
using Mlops.Server.Tests.Serving;

namespace Mlops.Server.Tests.Monitoring;

public sealed class PredictionLogApiTests
{
    [Fact]
    public async Task ListPredictions_AfterPredict_ReturnsTheLoggedRequest()
    {
        await using var server = new ServingServer(new Dictionary<string, string?> { ["PredictionLog:FlushInterval"] = "00:00:00.100" });
        await server.RegisterAsync("listed", ServingModels.Linear(), alias: "champion");
        using var client = server.CreateClient();
        using var predict = new HttpRequestMessage(HttpMethod.Post, new Uri("/api/models/listed/predict", UriKind.Relative))
        {
            Content = new StringContent(ServingModels.LinearBody("dataframe_split", [[3f, 1f, 2f]]), Encoding.UTF8, "application/json"),
        };
        predict.Headers.Add("x-request-id", "find-me");
        using (var response = await client.SendAsync(predict))
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        JsonElement found = default;
        for (var attempt = 0; attempt < 100 && found.ValueKind == JsonValueKind.Undefined; attempt++)
        {
            var page = await client.GetFromJsonAsync<JsonElement>(new Uri("/api/models/listed/predictions?requestId=find-me", UriKind.Relative));
            if (page.GetProperty("count").GetInt32() == 1)
            {
                found = page.GetProperty("predictions")[0];
            }
            else
            {
                await Task.Delay(100);
            }
        }

        Assert.NotEqual(JsonValueKind.Undefined, found.ValueKind);
        Assert.Equal(1, found.GetProperty("version").GetInt32());
        Assert.Equal("champion", found.GetProperty("alias").GetString());
        Assert.Equal(3, found.GetProperty("inputs")[0].GetProperty("age").GetDouble());
        Assert.Equal(ServingModels.LinearExpected([3f, 1f, 2f]), found.GetProperty("outputs")[0].GetSingle());
    }

    [Theory]
    [InlineData("from=yesterday", "from")]
    [InlineData("to=2026-01-01T00:00:00Z&from=2026-01-02T00:00:00Z", "from")]
    [InlineData("from=2026-01-01T00:00:00Z&to=2026-03-01T00:00:00Z", "from")]
    [InlineData("limit=0", "limit")]
    [InlineData("limit=abc", "limit")]
    public async Task ListPredictions_BadQuery_Is400NamingTheField(string query, string field)
    {
        await using var server = new ServingServer();
        using var client = server.CreateClient();

        using var response = await client.GetAsync(new Uri($"/api/models/listed/predictions?{query}", UriKind.Relative));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(field, problem.GetProperty("field").GetString());
    }

    [Fact]
    public async Task ListPredictions_NoKey_Is401()
    {
        await using var server = new ServingServer();
        using var client = server.CreateClient();
        client.DefaultRequestHeaders.Remove("x-functions-key");

        using var response = await client.GetAsync(new Uri("/api/models/listed/predictions", UriKind.Relative));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }
}
