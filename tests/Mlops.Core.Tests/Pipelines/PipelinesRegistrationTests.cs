using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Mlops.Core.Api;
using Mlops.Core.Events;
using Mlops.Core.Hosting;
using Mlops.Core.Pipelines;
using Mlops.Core.Registry;
using Mlops.Core.Tests.Api;
using Mlops.Core.Tests.Infrastructure;
using Mlops.Workflows;

namespace Mlops.Core.Tests.Pipelines;

/// <summary>How AddPipelines and AddEvents configure a host: engine mode, task hub, prefix, catalog, publishers.</summary>
public sealed class PipelinesRegistrationTests
{
    [Fact]
    public async Task Default_RunsTheEmbeddedEngineOnTheStoragePrefix()
    {
        await using var host = await CoreHost.StartAsync();

        var options = host.Services.GetRequiredService<IOptions<WorkflowEngineOptions>>().Value;

        Assert.Equal(host.Prefix, options.StoragePrefix);
        Assert.Equal(PipelinesServiceCollectionExtensions.DefaultTaskHub, options.TaskHub);
        Assert.Same(MlopsJson.Options, options.SerializerOptions);
        Assert.Contains(host.Services.GetServices<IHostedService>(), s => s.GetType().Name == "WorkflowEngine");
        Assert.NotNull(host.Services.GetService<IPipelineClient>());
    }

    [Fact]
    public async Task TaskHub_FromTaskHubName_UnlessWorkflowsTaskHubIsSet()
    {
        await using var fromFunctionsSetting = await CoreHost.StartAsync(new Dictionary<string, string?> { ["TASKHUB_NAME"] = "mlopslocal", ["Workflows:Engine"] = "None" });
        await using var explicitHub = await CoreHost.StartAsync(new Dictionary<string, string?>
        {
            ["TASKHUB_NAME"] = "mlopslocal",
            ["Workflows:TaskHub"] = "Explicit",
            ["Workflows:StoragePrefix"] = "own",
            ["Workflows:Engine"] = "None",
        });

        Assert.Equal("mlopslocal", fromFunctionsSetting.Services.GetRequiredService<IOptions<WorkflowEngineOptions>>().Value.TaskHub);
        var explicitOptions = explicitHub.Services.GetRequiredService<IOptions<WorkflowEngineOptions>>().Value;
        Assert.Equal("Explicit", explicitOptions.TaskHub);
        Assert.Equal("own", explicitOptions.StoragePrefix);
    }

    [Fact]
    public async Task EngineNone_HasNoEngineOrClient_AndStartWithoutAClientIs503()
    {
        await using var host = await CoreHost.StartAsync(new Dictionary<string, string?> { ["Workflows:Engine"] = "None" });

        var response = await StartSelfTestAsync(host, client: null);

        Assert.Null(host.Services.GetService<IPipelineClient>());
        Assert.Null(host.Services.GetService<IWorkflowClient>());
        Assert.DoesNotContain(host.Services.GetServices<IHostedService>(), s => s.GetType().Name == "WorkflowEngine");
        Assert.Equal(503, response.StatusCode);
    }

    [Fact]
    public async Task EngineNone_ClientAttachedToTheRequest_StartsThroughIt()
    {
        await using var host = await CoreHost.StartAsync(new Dictionary<string, string?> { ["Workflows:Engine"] = "None" });
        var client = new FakePipelineClient();

        var response = await StartSelfTestAsync(host, client);

        Assert.Equal(202, response.StatusCode);
        var start = Assert.Single(client.Starts);
        Assert.Equal("SelfTest", start.Workflow);
        Assert.Equal("from-request", start.InstanceId);
        Assert.Equal("/api/pipelines/from-request", response.Headers.Single(h => h.Key == "Location").Value);
    }

    [Fact]
    public async Task EngineClient_HasTheClientButNoEngine()
    {
        await using var host = await CoreHost.StartAsync(new Dictionary<string, string?> { ["Workflows:Engine"] = "client" });

        Assert.NotNull(host.Services.GetService<IPipelineClient>());
        Assert.DoesNotContain(host.Services.GetServices<IHostedService>(), s => s.GetType().Name == "WorkflowEngine");
    }

    [Fact]
    public async Task EngineUnknown_FailsAtStartupNamingTheSetting()
    {
        var exception = await Assert.ThrowsAsync<InvalidOperationException>(() =>
            CoreHost.StartAsync(new Dictionary<string, string?> { ["Workflows:Engine"] = "Durable" }));

        Assert.Contains("Workflows:Engine", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PlatformRegistrations_MatchTheFunctionCatalog()
    {
        await using var host = await CoreHost.StartAsync(new Dictionary<string, string?> { ["Workflows:Engine"] = "None" });

        var registry = host.Services.GetRequiredService<WorkflowRegistry>();

        Assert.Equal(FunctionCatalog.Workflows.Order(StringComparer.Ordinal), registry.WorkflowNames.Order(StringComparer.Ordinal));
        Assert.Equal(FunctionCatalog.Activities.Order(StringComparer.Ordinal), registry.ActivityNames.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Events_OutboxByDefault_TopicWhenConfigured_RegistryPublishes()
    {
        await using var outbox = await CoreHost.StartAsync(new Dictionary<string, string?> { ["Workflows:Engine"] = "None" });
        await using var topic = await CoreHost.StartAsync(new Dictionary<string, string?>
        {
            ["Workflows:Engine"] = "None",
            ["Events:TopicEndpoint"] = "https://topic.westeurope-1.eventgrid.azure.net/api/events",
            ["Events:TopicKey"] = "key",
        });

        Assert.Equal("OutboxEventPublisher", outbox.Services.GetRequiredService<IEventPublisher>().GetType().Name);
        Assert.Equal("EventGridTopicPublisher", topic.Services.GetRequiredService<IEventPublisher>().GetType().Name);
        Assert.Equal("EventPublishingModelRegistry", outbox.Services.GetRequiredService<IModelRegistry>().GetType().Name);
    }

    [Theory]
    [InlineData("Events:Webhooks:a/b:Url", "https://example.invalid/hook")]
    [InlineData("Events:Webhooks:hook:Url", "not-a-url")]
    public async Task Events_InvalidWebhook_FailsAtStartup(string key, string value)
    {
        await Assert.ThrowsAsync<OptionsValidationException>(() =>
            CoreHost.StartAsync(new Dictionary<string, string?> { ["Workflows:Engine"] = "None", [key] = value }));
    }

    private static Task<ApiResponse> StartSelfTestAsync(CoreHost host, IPipelineClient? client)
    {
        var request = new TestApiRequest("POST", Encoding.UTF8.GetBytes("""{"message": "m"}"""), "application/json");
        request.Route["workflow"] = "SelfTest";
        request.Query["instanceId"] = "from-request";
        request.Headers["x-functions-key"] = CoreHost.AdminKey;
        if (client is not null)
        {
            request.SetFeature(client);
        }

        return host.Services.GetRequiredService<IApiDispatcher>().DispatchAsync("StartPipeline", request);
    }
}
