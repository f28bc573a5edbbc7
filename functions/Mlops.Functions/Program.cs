using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Configuration.Memory;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Mlops.Core;
using Mlops.Functions;

var builder = FunctionsApplication.CreateBuilder(args);
builder.ConfigureFunctionsWebApplication();
builder.UseMiddleware<ExceptionMappingMiddleware>();
builder.Services
    .AddApplicationInsightsTelemetryWorkerService()
    .ConfigureFunctionsApplicationInsights();
KeepInformationLogs(builder.Services);
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

// The worker's Application Insights provider comes with a filter rule that keeps only warnings, which would drop the
// platform's Information events (rejections, workflow starts) from Application Insights; without it the levels from
// configuration apply (Logging__LogLevel__Default and friends as app settings).
static void KeepInformationLogs(IServiceCollection services) =>
    services.Configure<LoggerFilterOptions>(options =>
    {
        var warningsOnly = options.Rules.FirstOrDefault(rule =>
            rule.ProviderName == "Microsoft.Extensions.Logging.ApplicationInsights.ApplicationInsightsLoggerProvider");
        if (warningsOnly is not null)
        {
            options.Rules.Remove(warningsOnly);
        }
    });
