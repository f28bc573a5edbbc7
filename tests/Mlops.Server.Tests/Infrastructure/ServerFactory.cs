using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Configuration;
using Mlops.Core.Tests.Infrastructure;

namespace Mlops.Server.Tests.Infrastructure;

/// <summary>The real server pipeline in process, against the test Azurite with a unique prefix per factory.</summary>
public sealed class ServerFactory : WebApplicationFactory<Program>
{
    public string Prefix { get; } = TestStorage.NewPrefix();

    public Dictionary<string, string?> Settings { get; } = [];

    public HttpClient CreateAdminClient() => CreateKeyedClient(CoreHost.AdminKey);

    public HttpClient CreateFunctionClient() => CreateKeyedClient(CoreHost.FunctionKey);

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Development");
        builder.ConfigureAppConfiguration(config =>
        {
            config.AddInMemoryCollection(CoreHost.BaseSettings(Prefix));
            config.AddInMemoryCollection(Settings);
        });
    }

    private HttpClient CreateKeyedClient(string key)
    {
        var client = CreateClient();
        client.DefaultRequestHeaders.Add("x-functions-key", key);
        return client;
    }
}
