using System.Net;
using Mlops.Core.Tests.Monitoring;
using Mlops.Core.Tests.Serving;

namespace Mlops.Server.Tests.Serving;

public sealed class PredictionLoggingHttpTests
{
    private static readonly TimeSpan Hang = TimeSpan.FromMinutes(2);

    [Fact]
    public async Task Predict_ConcurrentRequestsThenShutdown_EveryServedRequestIsInTheLog()
    {
        var server = new ServingServer();
        var prefix = server.Prefix;
        var started = DateTimeOffset.UtcNow;
        await server.RegisterAsync("logged", ServingModels.Linear(), alias: "champion");
        using var client = server.CreateClient();

        var ids = await Task.WhenAll(Enumerable.Range(0, 40).Select(async i =>
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, new Uri("/api/models/logged/predict", UriKind.Relative))
            {
                Content = new StringContent(ServingModels.LinearBody("dataframe_split", [[i, 1f, 2f]]), System.Text.Encoding.UTF8, "application/json"),
            };
            request.Headers.Add("x-request-id", $"log-{i}");
            using var response = await client.SendAsync(request);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            return $"log-{i}";
        }));
        await server.DisposeAsync().AsTask().WaitAsync(Hang);

        var logged = await PredictionLogTestData.ReadAsync(prefix, "logged", started.AddDays(-1), started.AddDays(1));
        Assert.Equal(ids.Order(StringComparer.Ordinal), logged.Select(r => r.RequestId).Order(StringComparer.Ordinal));
        var record = logged.Single(r => r.RequestId == "log-7");
        Assert.Equal(("logged", 1, "champion", 1), (record.Model, record.Version, record.Alias, record.Rows));
        Assert.Equal("""[{"age":7,"income":1,"score":2}]""", ServingApiHost.Text(record.Inputs));
        Assert.Equal($"[{ServingModels.LinearExpected([7f, 1f, 2f]).ToString(System.Globalization.CultureInfo.InvariantCulture)}]", ServingApiHost.Text(record.Outputs));
    }
}
