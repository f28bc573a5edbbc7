using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
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

        // UseSetting, not ConfigureAppConfiguration: with minimal hosting the factory's app configuration is applied
        // only at Build(), after Program.cs has already read AzureWebJobsStorage, whereas host settings reach
        // WebApplication.CreateBuilder(args) as arguments.
        foreach (var (key, value) in CoreHost.BaseSettings(Prefix).Concat(Settings))
        {
            builder.UseSetting(key, value);
        }
    }

    private HttpClient CreateKeyedClient(string key)
    {
        var client = CreateClient();
        client.DefaultRequestHeaders.Add("x-functions-key", key);
        return client;
    }
}
