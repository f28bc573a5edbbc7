using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Mlops.Core.Tests.Infrastructure;

/// <summary>A started generic host with the full composition root against the test Azurite and a unique prefix.</summary>
public sealed class CoreHost : IAsyncDisposable
{
    public const string AdminKey = "test-admin-key-0123456789";
    public const string FunctionKey = "test-function-key-0123456789";

    private CoreHost(IHost host, string prefix)
    {
        Host = host;
        Prefix = prefix;
    }

    public IHost Host { get; }

    public string Prefix { get; }

    public IServiceProvider Services => Host.Services;

    public static async Task<CoreHost> StartAsync(
        IDictionary<string, string?>? settings = null,
        Action<IServiceCollection>? configureServices = null)
    {
        var prefix = TestStorage.NewPrefix();
        var builder = Microsoft.Extensions.Hosting.Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(BaseSettings(prefix));
        if (settings is not null)
        {
            builder.Configuration.AddInMemoryCollection(settings);
        }

        builder.AddMlopsCore();
        configureServices?.Invoke(builder.Services);
        var host = builder.Build();
        await host.StartAsync();
        return new CoreHost(host, prefix);
    }

    public static Dictionary<string, string?> BaseSettings(string prefix) => new()
    {
        ["AzureWebJobsStorage"] = TestStorage.ConnectionString,
        ["Storage:Prefix"] = prefix,
        ["Security:AdminKeys:admin"] = AdminKey,
        ["Security:FunctionKeys:default"] = FunctionKey,

        // The feature store's hourly materialization schedule would start runs in tests that move a fake clock past
        // an hour; tests of that schedule turn it on.
        ["Features:Schedule"] = string.Empty,
    };

    public async ValueTask DisposeAsync()
    {
        await Host.StopAsync();
        Host.Dispose();
    }
}
