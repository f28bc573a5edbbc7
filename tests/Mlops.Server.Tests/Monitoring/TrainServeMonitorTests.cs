using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Mlops.Core.Tests.Infrastructure;
using Mlops.Core.Training.Demo;
using Mlops.Server.Tests.Infrastructure;
using Mlops.Server.Tests.Training;

namespace Mlops.Server.Tests.Monitoring;

/// <summary>
/// The whole loop through HTTP: train a churn classifier (its profile and reference sample stored with the version),
/// serve drifted customers, check drift on the logged traffic, send the actual outcomes and read live metrics.
/// </summary>
public sealed class TrainServeMonitorTests : IClassFixture<ServerFactory>
{
    private const int Requests = 6;
    private const int RowsPerRequest = 50;
    private readonly ServerFactory _factory;

    public TrainServeMonitorTests(ServerFactory factory)
    {
        _factory = factory;
        _factory.Settings["PredictionLog:FlushInterval"] = "00:00:00.100";
    }

    [Fact]
    public async Task TrainPredictCheckFeedback_DriftedCustomers_DriftOnLoggedTrafficAndLiveAccuracyAgainstTest()
    {
        using var admin = _factory.CreateAdminClient();
        var model = TrainingUploads.NewName("loop");
        var data = await TrainingUploads.UploadAsync(_factory, $"{model}/data.csv", await TrainingUploads.ChurnCsvAsync(800));
        using (var train = await admin.PostAsJsonAsync("/api/train", new { model, data, label = "churned", seed = 1, trainers = new[] { new { trainer = "linear" } } }))
        {
            Assert.Equal(HttpStatusCode.Created, train.StatusCode);
        }

        using (var alias = await admin.PutAsJsonAsync($"/api/models/{model}/aliases/champion", new { version = 1 }))
        {
            Assert.Equal(HttpStatusCode.OK, alias.StatusCode);
        }

        // Serving refuses a null text feature, so customers without a payment method are not sent.
        var customers = ChurnDataGenerator.Generate(Requests * RowsPerRequest * 2, seed: 9, drift: true)
            .Where(c => c.PaymentMethod is not null).Take(Requests * RowsPerRequest).ToList();
        for (var i = 0; i < Requests; i++)
        {
            var rows = customers.Skip(i * RowsPerRequest).Take(RowsPerRequest).Select(c => new Dictionary<string, object?>
            {
                ["age"] = c.Age,
                ["tenure_months"] = c.TenureMonths,
                ["contract"] = c.Contract,
                ["payment_method"] = c.PaymentMethod,
                ["internet_service"] = c.InternetService,
                ["monthly_charges"] = c.MonthlyCharges,
                ["total_charges"] = c.TotalCharges,
                ["support_calls"] = c.SupportCalls,
                ["has_partner"] = c.HasPartner ? 1 : 0,
            });
            using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/models/{model}/predict") { Content = JsonContent.Create(new { dataframe_records = rows }) };
            request.Headers.Add("x-request-id", RequestId(i));
            using var response = await admin.SendAsync(request);
            Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        }

        await Eventually.WaitAsync(
            () => admin.GetFromJsonAsync<JsonElement>($"/api/models/{model}/predictions?limit=1000"),
            page => page.GetProperty("count").GetInt32() == Requests,
            "every request in the prediction log");

        using var check = await admin.PostAsync($"/api/models/{model}/drift/check", null);
        Assert.True(check.StatusCode == HttpStatusCode.OK, await check.Content.ReadAsStringAsync());
        var report = await check.Content.ReadFromJsonAsync<JsonElement>();
        var drift = report.GetProperty("drift");

        // Serving takes the boolean as 0/1; the check reads it as the profile's false/true, not as new categories.
        var partner = report.GetProperty("quality").EnumerateArray().Single(q => q.GetProperty("name").GetString() == "has_partner");
        Assert.Equal((0, 0.0), (partner.GetProperty("newCategories").GetArrayLength(), partner.GetProperty("missingRate").GetDouble()));
        Assert.Equal(Requests * RowsPerRequest, drift.GetProperty("currentRows").GetInt32());
        Assert.Contains(drift.GetProperty("features").EnumerateArray(), f => f.GetProperty("name").GetString() == "contract" && f.GetProperty("drifted").GetBoolean());
        var exactKs = drift.GetProperty("features").EnumerateArray().Single(f => f.GetProperty("name").GetString() == "tenure_months");
        Assert.False(exactKs.TryGetProperty("referenceApproximated", out var approximated) && approximated.GetBoolean(), "the sample stored at training makes numerical tests exact");

        // The classifier logs class indices; the check reads them as the label's classes, so prediction drift is tested.
        var prediction = drift.GetProperty("predictions").EnumerateArray().Single();
        Assert.Equal(("churned", "tested"), (prediction.GetProperty("name").GetString(), prediction.GetProperty("status").GetString()));

        var outcomes = Enumerable.Range(0, Requests).Select(i => new
        {
            requestId = RequestId(i),
            actual = customers.Skip(i * RowsPerRequest).Take(RowsPerRequest).Select(c => c.Churned).ToArray(),
        });
        using var feedback = await admin.PostAsJsonAsync($"/api/models/{model}/feedback", new { outcomes });
        var joined = await feedback.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(Requests, joined.GetProperty("accepted").GetInt32());

        var version = await admin.GetFromJsonAsync<JsonElement>($"/api/models/{model}/versions/1");
        var performance = (await admin.GetFromJsonAsync<JsonElement>($"/api/models/{model}/performance")).GetProperty("performance");
        Assert.Equal(("computed", "binary-classification", Requests * RowsPerRequest), (performance.GetProperty("status").GetString(), performance.GetProperty("task").GetString(), performance.GetProperty("rows").GetInt32()));
        var accuracy = performance.GetProperty("comparisons").EnumerateArray().Single(c => c.GetProperty("metric").GetString() == "accuracy");
        Assert.Equal(version.GetProperty("metrics").GetProperty("accuracy").GetDouble(), accuracy.GetProperty("baseline").GetDouble());
        Assert.InRange(accuracy.GetProperty("live").GetDouble(), 0.5, 1.0);
    }

    private static string RequestId(int index) => string.Create(CultureInfo.InvariantCulture, $"loop-{index}");
}
