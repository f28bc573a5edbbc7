using System.Net.Http.Json;
using System.Text.Json;
using Mlops.Core.Pipelines;
using Mlops.Core.Pipelines.Triggers;
using Mlops.Core.Tests.Infrastructure;
using Mlops.Server.Tests.Infrastructure;
using Mlops.Workflows;

namespace Mlops.Server.Tests.Pipelines;

/// <summary>A server with the test workflows registered and the engine polling fast.</summary>
public sealed class PipelineServerFixture : IAsyncDisposable
{
    public PipelineServerFixture()
    {
        Factory = Create(new ServerFactory());
    }

    public ServerFactory Factory { get; }

    /// <summary>Settings that make the embedded engine and the triggers react quickly in tests.</summary>
    public static ServerFactory Create(ServerFactory factory, IDictionary<string, string?>? settings = null)
    {
        factory.Settings["Workflows:MaxPollingInterval"] = "00:00:00.100";
        factory.Settings["Workflows:CompletionPollingInterval"] = "00:00:00.020";
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            factory.Settings[key] = value;
        }

        factory.TestServices.Add(services => services
            .AddWorkflows(TestWorkflows.Register)
            .AddBlobTrigger(new BlobTriggerRoute(TestWorkflows.DropContainer, TestWorkflows.Drop))
            .AddBlobTrigger(new BlobTriggerRoute(TestWorkflows.UnregisteredContainer, TestWorkflows.Unregistered)));
        return factory;
    }

    /// <summary>Polls the status route until the instance has finished.</summary>
    public static Task<JsonElement> WaitForFinishAsync(HttpClient client, string instanceId) =>
        Eventually.WaitAsync(
            async () => await client.GetFromJsonAsync<JsonElement>($"/api/pipelines/{instanceId}"),
            status => status.GetProperty("runtimeStatus").GetString() is nameof(WorkflowRuntimeStatus.Completed)
                or nameof(WorkflowRuntimeStatus.Failed) or nameof(WorkflowRuntimeStatus.Terminated),
            $"instance {instanceId} to finish");

    public ValueTask DisposeAsync() => Factory.DisposeAsync();
}
