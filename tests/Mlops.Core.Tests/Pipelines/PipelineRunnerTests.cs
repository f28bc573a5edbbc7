using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Mlops.Core.Events;
using Mlops.Core.Pipelines;
using Mlops.Core.Tests.Infrastructure;
using Mlops.Workflows;

namespace Mlops.Core.Tests.Pipelines;

/// <summary>
/// What the Functions app's orchestrator and activity functions do: run core registrations by name through
/// <see cref="PipelineRunner"/> with raw JSON payloads; and platform workflows publishing their outcome.
/// </summary>
public sealed class PipelineRunnerTests : IAsyncLifetime
{
    private readonly RecordingEventPublisher _events = new();
    private CoreHost _host = null!;

    public async Task InitializeAsync() =>
        _host = await CoreHost.StartAsync(
            new Dictionary<string, string?> { ["Workflows:Engine"] = "None" },
            services => services
                .AddSingleton<IEventPublisher>(_events)
                .AddWorkflows(registry => registry
                    .AddPlatformWorkflow<string, string>("FailingPlatform", (_, text) => throw new InvalidOperationException("broken " + text))
                    .AddPlatformWorkflow<int, int>("Restarting", (context, round) =>
                    {
                        context.ContinueAsNew(round + 1);
                        return Task.FromResult(round);
                    })));

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task RunWorkflowAsync_SelfTest_RunsItsActivityAndPublishesPipelineCompleted()
    {
        var context = Context(PipelineWorkflowNames.SelfTest, "run-1");

        var output = await Runner.RunWorkflowAsync(context, Json("""{"message": "hi"}"""), _host.Services);

        Assert.Equal("hi", output!.Value.GetProperty("message").GetString());
        Assert.False(output.Value.GetProperty("eventReceived").GetBoolean());
        Assert.Equal([PipelineWorkflowNames.SelfTestActivity, PipelineWorkflowNames.PublishPipelineEvent], context.Calls.Select(c => c.Name));
        var published = Assert.Single(_events.Events);
        Assert.Equal(PlatformEventTypes.PipelineCompleted, published.Type);
        Assert.Equal("pipelines/run-1", published.Subject);
        using var data = JsonDocument.Parse(published.Data!.ToMemory());
        Assert.Equal("SelfTest", data.RootElement.GetProperty("workflow").GetString());
        Assert.Equal("hi", data.RootElement.GetProperty("output").GetProperty("message").GetString());
    }

    [Fact]
    public async Task RunWorkflowAsync_FailingPlatformWorkflow_PublishesPipelineFailedAndRethrows()
    {
        var context = Context("FailingPlatform", "run-2");

        var exception = await Assert.ThrowsAsync<InvalidOperationException>(() => Runner.RunWorkflowAsync(context, Json("\"x\""), _host.Services));

        Assert.Equal("broken x", exception.Message);
        var published = Assert.Single(_events.Events);
        Assert.Equal(PlatformEventTypes.PipelineFailed, published.Type);
        using var data = JsonDocument.Parse(published.Data!.ToMemory());
        Assert.Equal(typeof(InvalidOperationException).FullName, data.RootElement.GetProperty("errorType").GetString());
        Assert.Equal("broken x", data.RootElement.GetProperty("errorMessage").GetString());
    }

    [Fact]
    public async Task RunWorkflowAsync_ContinuedAsNew_PublishesNothing()
    {
        var context = Context("Restarting", "run-3");

        await Runner.RunWorkflowAsync(context, Json("1"), _host.Services);

        Assert.Equal(2, context.ContinuedWith);
        Assert.Empty(_events.Events);
    }

    [Fact]
    public async Task RunActivityAsync_UnknownName_SaysItIsNotRegistered()
    {
        var exception = await Assert.ThrowsAsync<InvalidOperationException>(() => Runner.RunActivityAsync("Nope", default, "run-4", _host.Services));

        Assert.Contains("'Nope'", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ToPayload_Record_IsCamelCaseJson_AndReadsBackCaseInsensitively()
    {
        var payload = PipelineRunner.ToPayload(new Sample("a", 2))!.Value;
        var pascal = Json("""{"Name": "b", "Count": 3}""");

        Assert.Equal("a", payload.GetProperty("name").GetString());
        Assert.Equal(new Sample("b", 3), PipelineRunner.Read<Sample>(pascal));
        Assert.Null(PipelineRunner.ToPayload(null));
    }

    private PipelineRunner Runner => _host.Services.GetRequiredService<PipelineRunner>();

    private InlineWorkflowContext Context(string name, string instanceId) => new(Runner, _host.Services, name, instanceId);

    private static JsonElement Json(string json) => JsonDocument.Parse(json).RootElement.Clone();

    public sealed record Sample(string Name, int Count);
}
