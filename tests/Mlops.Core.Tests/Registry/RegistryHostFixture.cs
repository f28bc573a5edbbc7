using Mlops.Core.Tests.Infrastructure;

namespace Mlops.Core.Tests.Registry;

/// <summary>One started composition root against Azurite per test class (tests use distinct model names).</summary>
public sealed class RegistryHostFixture : IAsyncLifetime
{
    private CoreHost? _host;

    public CoreHost Host => _host ?? throw new InvalidOperationException("The fixture is not initialized.");

    public async Task InitializeAsync() => _host = await CoreHost.StartAsync();

    public async Task DisposeAsync()
    {
        if (_host is not null)
        {
            await _host.DisposeAsync();
        }
    }
}
