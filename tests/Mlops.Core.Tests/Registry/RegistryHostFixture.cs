using Microsoft.Extensions.DependencyInjection;
using Mlops.Core.Onnx;
using Mlops.Core.Tests.Infrastructure;

namespace Mlops.Core.Tests.Registry;

/// <summary>One started composition root against Azurite per test class, with the fake ONNX inspector.</summary>
public sealed class RegistryHostFixture : IAsyncLifetime
{
    private CoreHost? _host;

    public CoreHost Host => _host ?? throw new InvalidOperationException("The fixture is not initialized.");

    public FakeOnnxInspector Inspector { get; } = new();

    public async Task InitializeAsync() =>
        _host = await CoreHost.StartAsync(configureServices: services => services.AddSingleton<IOnnxModelInspector>(Inspector));

    public async Task DisposeAsync()
    {
        if (_host is not null)
        {
            await _host.DisposeAsync();
        }
    }
}
