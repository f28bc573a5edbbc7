using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Mlops.Server.Tests.Infrastructure;

namespace Mlops.Server.Tests.Training;

/// <summary>Starting the training workflows and setting model policies over HTTP: bad input is a 400 naming the field, before anything runs.</summary>
public sealed class TrainingWorkflowApiTests(ServerFactory factory) : IClassFixture<ServerFactory>
{
    public static TheoryData<string, string, string> BadStarts => new()
    {
        { "TrainingWorkflow", """{"model": "Bad Name!", "data": "blob://training-data/x/a.csv"}""", "model" },
        { "TrainingWorkflow", """{"model": "churn"}""", "body" },
        { "TrainingWorkflow", """{"model": "churn", "data": "ftp://elsewhere/a.csv"}""", "data" },
        { "TrainingWorkflow", """{"model": "churn", "data": "blob://training-data/churn/a.csv", "reason": "whim"}""", "reason" },
        { "TrainingWorkflow", """{"model": "churn", "data": "blob://training-data/churn/a.csv", "training": {"label": "y", "trainers": [{"trainer": "nope"}]}}""", "training.trainers[0].trainer" },
        { "TrainingWorkflow", """{"model": "churn", "data": "blob://training-data/churn/a.csv", "gate": {"margin": -1}}""", "gate.margin" },
        { "TrainingWorkflow", """{"model": "churn", "data": "blob://training-data/churn/a.csv", "unknown": 1}""", "$.unknown" },
        { "RetrainingWorkflow", """{"model": "churn", "reason": "whim"}""", "reason" },
        { "RetrainingWorkflow", """{"reason": "drift"}""", "body" },
    };

    [Theory]
    [MemberData(nameof(BadStarts))]
    public async Task Start_BadInput_Is400NamingTheField(string workflow, string body, string field)
    {
        using var admin = factory.CreateAdminClient();

        using var response = await admin.PostAsync($"/api/pipelines/{workflow}", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));

        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, text);
        using var error = JsonDocument.Parse(text);
        Assert.StartsWith(field, FindField(error.RootElement) ?? "body", StringComparison.Ordinal);
    }

    [Fact]
    public async Task Policy_PutGetDelete_RoundTripsAndValidates()
    {
        using var admin = factory.CreateAdminClient();
        var model = TrainingUploads.NewName("policy");

        using var bad = await admin.PutAsJsonAsync($"/api/models/{model}/policy", new { retraining = new { cron = "every day" } });
        using var put = await admin.PutAsJsonAsync($"/api/models/{model}/policy", new
        {
            training = new { label = "churned", trainers = new[] { new { trainer = "linear" } } },
            gate = new { mode = "approval", margin = 0.01, approvalTimeout = "2.00:00:00", challengerAlias = "challenger" },
            retraining = new { cron = "0 0 3 * * 1" },
        });
        var got = await admin.GetFromJsonAsync<JsonElement>($"/api/models/{model}/policy");
        using var deleted = await admin.DeleteAsync($"/api/models/{model}/policy");
        using var gone = await admin.GetAsync($"/api/models/{model}/policy");

        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("retraining.cron", await bad.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        Assert.Equal("churned", got.GetProperty("training").GetProperty("label").GetString());
        Assert.Equal("approval", got.GetProperty("gate").GetProperty("mode").GetString());
        Assert.Equal("0 0 3 * * 1", got.GetProperty("retraining").GetProperty("cron").GetString());
        Assert.Equal("admin", got.GetProperty("updatedBy").GetString());
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
    }

    [Fact]
    public async Task Policy_DataWindow_BadTextIs400NamingTheFieldAndAValidOneRoundTrips()
    {
        using var admin = factory.CreateAdminClient();
        var model = TrainingUploads.NewName("window");

        using var bad = await admin.PutAsJsonAsync($"/api/models/{model}/policy", new { training = new { label = "churned", dataWindow = "a month" } });
        using var put = await admin.PutAsJsonAsync($"/api/models/{model}/policy", new { training = new { label = "churned", dataWindow = "30d" } });
        var got = await admin.GetFromJsonAsync<JsonElement>($"/api/models/{model}/policy");

        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Equal("training.dataWindow", FindField(await bad.Content.ReadFromJsonAsync<JsonElement>()));
        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        Assert.Equal("30d", got.GetProperty("training").GetProperty("dataWindow").GetString());
    }

    private static string? FindField(JsonElement element)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        foreach (var property in element.EnumerateObject())
        {
            if (property.Name == "field" && property.Value.ValueKind == JsonValueKind.String)
            {
                return property.Value.GetString();
            }

            if (FindField(property.Value) is { } nested)
            {
                return nested;
            }
        }

        return null;
    }
}
