using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Mlops.Core.Registry;
using Mlops.Core.Serving;
using Mlops.Core.Tests.Infrastructure;
using Mlops.Server.Tests.Infrastructure;

namespace Mlops.Server.Tests.Serving;

/// <summary>The real server (Azurite, HTTP pipeline, the Table/Blob registry) with serving settings.</summary>
public sealed class ServingServer : IAsyncDisposable
{
    private readonly ServerFactory _factory = new();
    private readonly WebApplicationFactory<Program> _app;

    public ServingServer(IDictionary<string, string?>? settings = null, TimeProvider? time = null)
    {
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            _factory.Settings[key] = value;
        }

        _app = time is null
            ? _factory
            : _factory.WithWebHostBuilder(builder => builder.ConfigureTestServices(services => services.AddSingleton(time)));
    }

    public string Prefix => _factory.Prefix;

    public IServiceProvider Services => _app.Services;

    public IModelRegistry Registry => Services.GetRequiredService<IModelRegistry>();

    internal ModelSessions Sessions => Services.GetRequiredService<ModelSessions>();

    public HttpClient CreateClient(bool admin = false)
    {
        var client = _app.CreateClient();
        client.DefaultRequestHeaders.Add("x-functions-key", admin ? CoreHost.AdminKey : CoreHost.FunctionKey);
        return client;
    }

    /// <summary>Registers a version and optionally points an alias at it.</summary>
    public async Task<ModelVersion> RegisterAsync(string model, byte[] onnx, string? alias = null)
    {
        await using var stream = new MemoryStream(onnx);
        var version = await Registry.RegisterVersionAsync(model, stream, new NewModelVersion(), "test");
        if (alias is not null)
        {
            await Registry.SetAliasAsync(model, alias, version.Version, "test");
        }

        return version;
    }

    public async ValueTask DisposeAsync()
    {
        if (!ReferenceEquals(_app, _factory))
        {
            await _app.DisposeAsync();
        }

        await _factory.DisposeAsync();
    }
}
