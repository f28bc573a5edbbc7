using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Mlops.Core;
using Mlops.Core.Api;
using Mlops.Core.Onnx;
using Mlops.Core.Registry;
using Mlops.Core.Serving;

namespace Mlops.Benchmarks;

/// <summary>
/// The platform's composition root as the server builds it (<c>AddMlopsCore</c>), without Kestrel: the predict route
/// is called through <see cref="IApiDispatcher"/> like the ASP.NET Core bridge calls it. The registry is
/// <see cref="InMemoryRegistry"/> and the prediction log is off (<c>PredictionLog:Enabled=false</c>, its no-op), so
/// neither storage nor the log writer is measured; the host is built but not started (no storage initialization).
/// </summary>
internal sealed class InProcessPlatform : IDisposable
{
    public const string Model = "bench-trees";

    public const string FunctionKey = "bench-function-key-not-secret";

    private readonly IHost _host;

    public InProcessPlatform(byte[] onnx)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            // Never contacted: nothing on the predict path touches storage once the model is loaded.
            ["AzureWebJobsStorage"] = "UseDevelopmentStorage=true",
            ["Security:FunctionKeys:default"] = FunctionKey,
            ["Security:AdminKeys:admin"] = "bench-admin-key-not-secret",
            ["PredictionLog:Enabled"] = "false",
        });
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.AddMlopsCore();
        builder.Services.Replace(ServiceDescriptor.Singleton<IModelRegistry>(sp => new InMemoryRegistry(
            Model, onnx, sp.GetRequiredService<IOnnxModelInspector>(), sp.GetRequiredService<TimeProvider>())));
        _host = builder.Build();
        Dispatcher = _host.Services.GetRequiredService<IApiDispatcher>();
        Engine = _host.Services.GetRequiredService<ServingEngine>();
    }

    public IApiDispatcher Dispatcher { get; }

    public ServingEngine Engine { get; }

    public void Dispose() => _host.Dispose();
}
