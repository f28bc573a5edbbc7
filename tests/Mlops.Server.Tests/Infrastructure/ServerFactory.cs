using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Mlops.Core.Tests.Infrastructure;

namespace Mlops.Server.Tests.Infrastructure;

/// <summary>The real server pipeline in process, against the test Azurite with a unique prefix per factory.</summary>
public sealed class ServerFactory : WebApplicationFactory<Program>
{
    public ServerFactory()
        : this(TestStorage.NewPrefix())
    {
    }

    // Private: xunit class fixtures need exactly one public constructor.
    private ServerFactory(string prefix)
    {
        Prefix = prefix;
    }

    public string Prefix { get; }

    /// <summary>A server on an existing prefix: a restart of another factory's server over the same storage.</summary>
    public static ServerFactory OnPrefix(string prefix) => new(prefix);

    public Dictionary<string, string?> Settings { get; } = [];

    /// <summary>Applied after the server's own registrations (test workflows, fakes).</summary>
    public List<Action<IServiceCollection>> TestServices { get; } = [];

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

        builder.ConfigureTestServices(services =>
        {
            foreach (var configure in TestServices)
            {
                configure(services);
            }
        });
    }

    private HttpClient CreateKeyedClient(string key)
    {
        var client = CreateClient();
        client.DefaultRequestHeaders.Add("x-functions-key", key);
        return client;
    }
}
