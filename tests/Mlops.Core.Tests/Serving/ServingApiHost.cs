using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Time.Testing;
using Mlops.Core.Api;
using Mlops.Core.Monitoring;
using Mlops.Core.Registry;
using Mlops.Core.Serving;
using Mlops.Core.Tests.Api;
using Mlops.Core.Tests.Infrastructure;
using Moq;

namespace Mlops.Core.Tests.Serving;

/// <summary>
/// The composition root with an in-memory registry, a fake clock and a mocked prediction log, driven through the real
/// dispatcher without a web host or storage (the host is built, not started).
/// </summary>
public sealed class ServingApiHost : IDisposable
{
    private readonly IHost _host;

    public ServingApiHost(IDictionary<string, string?>? settings = null)
    {
        Log.Setup(l => l.IsEnabled).Returns(true);
        Log.Setup(l => l.AppendAsync(It.IsAny<PredictionRecord>(), It.IsAny<CancellationToken>()))
            .Callback<PredictionRecord, CancellationToken>((record, _) =>
            {
                lock (Logged)
                {
                    Logged.Add(record);
                }
            })
            .Returns(ValueTask.CompletedTask);

        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["AzureWebJobsStorage"] = "UseDevelopmentStorage=true",
            ["Security:AdminKeys:admin"] = CoreHost.AdminKey,
            ["Security:FunctionKeys:default"] = CoreHost.FunctionKey,
        });
        if (settings is not null)
        {
            builder.Configuration.AddInMemoryCollection(settings);
        }

        builder.AddMlopsCore();
        builder.Services.AddSingleton<IModelRegistry>(Registry);
        builder.Services.AddSingleton(Log.Object);
        builder.Services.AddSingleton<TimeProvider>(Time);
        _host = builder.Build();
    }

    public ServingRegistry Registry { get; } = new();

    public FakeTimeProvider Time { get; } = new();

    public Mock<IPredictionLog> Log { get; } = new();

    public List<PredictionRecord> Logged { get; } = [];

    public IServiceProvider Services => _host.Services;

    internal ModelSessions Sessions => Services.GetRequiredService<ModelSessions>();

    public async Task<ApiResponse> SendAsync(
        string function,
        string method = "GET",
        string? json = null,
        IReadOnlyDictionary<string, string>? route = null,
        IReadOnlyDictionary<string, string>? query = null,
        string? requestId = null)
    {
        var request = json is null ? new TestApiRequest(method) : TestApiRequest.Json(method, json);
        request.Headers["x-functions-key"] = CoreHost.FunctionKey;
        if (requestId is not null)
        {
            request.Headers["x-request-id"] = requestId;
        }

        foreach (var (key, value) in route ?? new Dictionary<string, string>())
        {
            request.Route[key] = value;
        }

        foreach (var (key, value) in query ?? new Dictionary<string, string>())
        {
            request.Query[key] = value;
        }

        return await Services.GetRequiredService<IApiDispatcher>().DispatchAsync(function, request);
    }

    public Task<ApiResponse> PredictAsync(string model, string json, string? version = null, string? alias = null, string? requestId = null)
    {
        var query = new Dictionary<string, string>();
        if (version is not null)
        {
            query["version"] = version;
        }

        if (alias is not null)
        {
            query["alias"] = alias;
        }

        return SendAsync("Predict", "POST", json, new Dictionary<string, string> { ["name"] = model }, query, requestId);
    }

    public static JsonDocument Json(ApiResponse response) => JsonDocument.Parse(response.Body);

    public static string Header(ApiResponse response, string name) =>
        response.Headers.Single(h => string.Equals(h.Key, name, StringComparison.OrdinalIgnoreCase)).Value;

    public static string Text(ReadOnlyMemory<byte> utf8) => Encoding.UTF8.GetString(utf8.Span);

    public void Dispose() => _host.Dispose();
}
