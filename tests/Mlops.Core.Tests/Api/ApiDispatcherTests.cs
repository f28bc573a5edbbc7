using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Mlops.Core.Api;
using Mlops.Core.Diagnostics;

namespace Mlops.Core.Tests.Api;

public sealed class ApiDispatcherTests
{
    private const string Admin = "admin-key-0123456789abcdef";
    private const string Function = "function-key-0123456789abcdef";

    [Fact]
    public async Task Dispatch_AnonymousRoute_NeedsNoKey()
    {
        var dispatcher = Build(out _);

        var response = await dispatcher.DispatchAsync("Health", new TestApiRequest());

        Assert.Equal(200, response.StatusCode);
        Assert.Contains(response.Headers, h => h.Key == "x-request-id");
    }

    [Theory]
    [InlineData(null, 401)]
    [InlineData("wrong-key-0123456789abcdef", 401)]
    [InlineData(Function, 403)]
    [InlineData(Admin, 200)]
    public async Task Dispatch_AdminRoute_ChecksKey(string? key, int expected)
    {
        var dispatcher = Build(out _);
        var request = new TestApiRequest();
        if (key is not null)
        {
            request.Headers["x-functions-key"] = key;
        }

        var response = await dispatcher.DispatchAsync("ListAudit", request);

        Assert.Equal(expected, response.StatusCode);
        if (expected != 200)
        {
            Assert.StartsWith("application/problem+json", response.ContentType);
            using var problem = JsonDocument.Parse(response.Body);
            Assert.Equal("x-functions-key", problem.RootElement.GetProperty("field").GetString());
        }
    }

    [Fact]
    public async Task Dispatch_KeyInCodeQuery_IsAccepted()
    {
        var dispatcher = Build(out var seen);
        var request = new TestApiRequest();
        request.Query["code"] = Admin;

        var response = await dispatcher.DispatchAsync("ListAudit", request);

        Assert.Equal(200, response.StatusCode);
        Assert.Equal("admin", seen.Caller?.KeyName);
    }

    [Fact]
    public async Task Dispatch_BodyOverLimit_Is413()
    {
        var dispatcher = Build(out _, limit: 1024);
        var request = new TestApiRequest("POST", new byte[2048], "application/json");
        request.Headers["x-functions-key"] = Function;

        var response = await dispatcher.DispatchAsync("InferenceModelInfer", request);

        Assert.Equal(413, response.StatusCode);
        using var body = JsonDocument.Parse(response.Body);
        Assert.Contains("1024", body.RootElement.GetProperty("error").GetString());
    }

    [Fact]
    public async Task Dispatch_HandlerThrowsValidation_MapsToProblemWithField()
    {
        var dispatcher = Build(out _);
        var request = TestApiRequest.Json("POST", "{\"inputs\": [");
        request.Headers["x-functions-key"] = Function;

        var response = await dispatcher.DispatchAsync("Predict", request);

        Assert.Equal(400, response.StatusCode);
        using var problem = JsonDocument.Parse(response.Body);
        Assert.Equal(400, problem.RootElement.GetProperty("status").GetInt32());
        Assert.False(string.IsNullOrEmpty(problem.RootElement.GetProperty("detail").GetString()));
    }

    [Fact]
    public async Task Dispatch_WellFormedRequestId_IsEchoed()
    {
        var dispatcher = Build(out _);
        var request = new TestApiRequest();
        request.Headers["x-request-id"] = "abc-123";

        var response = await dispatcher.DispatchAsync("Health", request);

        Assert.Contains(response.Headers, h => h is { Key: "x-request-id", Value: "abc-123" });
    }

    private static IApiDispatcher Build(out Seen seen, long limit = 4096)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Security:AdminKeys:admin"] = Admin,
            ["Security:FunctionKeys:default"] = Function,
            ["Api:MaxRequestBodyBytes"] = limit.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["AzureWebJobsStorage"] = "UseDevelopmentStorage=true",
        });
        builder.AddMlopsCore();
        var observed = new Seen();
        seen = observed;
        builder.Services.AddSingleton(observed);
        builder.Services.AddApiEndpoint<Seen>("ListAudit", (s, request, _) =>
        {
            s.Caller = request.Caller;
            return Task.FromResult(ApiResponse.Empty(200));
        });
        builder.Services.AddApiEndpoint<Seen>("InferenceModelInfer", async (_, request, ct) =>
        {
            await request.ReadBodyAsync(ct);
            return ApiResponse.Empty(200);
        });
        builder.Services.AddApiEndpoint<Seen>("Predict", async (_, request, ct) =>
        {
            await request.ReadJsonAsync<JsonElement>(ct);
            return ApiResponse.Empty(200);
        });
        return builder.Build().Services.GetRequiredService<IApiDispatcher>();
    }

    public sealed class Seen
    {
        public ApiCaller? Caller { get; set; }
    }
}
