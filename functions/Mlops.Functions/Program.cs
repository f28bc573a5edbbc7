using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Configuration.Memory;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Mlops.Core;

var builder = FunctionsApplication.CreateBuilder(args);
builder.ConfigureFunctionsWebApplication();
builder.Services
    .AddApplicationInsightsTelemetryWorkerService()
    .ConfigureFunctionsApplicationInsights();
AddMlops(builder);
builder.Build().Run();

// FunctionsApplicationBuilder is an IHostApplicationBuilder, so the app gets the server's composition root. Taking the
// interface also lets the Roslyn check in tests/Mlops.Functions.Checks verify these calls against Mlops.Core.
static void AddMlops(IHostApplicationBuilder builder)
{
    // The Functions host checks keys (each trigger's AuthorizationLevel) before the worker sees a request, so the core's
    // own key check is off by default; and Durable Functions runs the workflows, so the embedded engine is off. Inserted
    // first, these are only defaults: an app setting still overrides them.
    builder.Configuration.Sources.Insert(0, new MemoryConfigurationSource
    {
        InitialData = [new("Security:RequireKeys", "false"), new("Workflows:Engine", "None")],
    });
    builder.AddMlopsCore();
}
