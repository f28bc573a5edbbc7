using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Azure.Messaging;
using Microsoft.Extensions.DependencyInjection;
using Mlops.Core.Events;
using Mlops.Core.Pipelines;
using Mlops.Core.Registry;
using Mlops.Core.Tests.Infrastructure;
using Mlops.Core.Tests.Registry;
using Mlops.Server.Tests.Infrastructure;
using Mlops.Workflows;

namespace Mlops.Server.Tests.Events;

/// <summary>Platform events: the outbox in Azurite, webhook delivery to a real listener with HMAC signatures and retries.</summary>
public sealed class EventDeliveryTests : IAsyncLifetime
{
    private const string Secret = "webhook-secret-123";
    private WebhookReceiver _receiver = null!;

    public async Task InitializeAsync() => _receiver = await WebhookReceiver.StartAsync();

    public async Task DisposeAsync() => await _receiver.DisposeAsync();

    [Fact]
    public async Task Publish_Delivered_AsSignedStructuredCloudEvent()
    {
        await using var host = await StartAsync();
        var cloudEvent = NewEvent();

        await host.Services.GetRequiredService<IEventPublisher>().PublishAsync(cloudEvent);
        await host.Services.GetRequiredService<IEventDelivery>().DeliverDueAsync();

        var request = Assert.Single(_receiver.Requests);
        Assert.Equal("application/cloudevents+json; charset=utf-8", request.ContentType);
        Assert.Equal("sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(Secret), request.Body)), request.Headers["x-mlops-signature"]);
        var received = CloudEvent.Parse(BinaryData.FromBytes(request.Body))!;
        Assert.Equal(cloudEvent.Id, received.Id);
        Assert.Equal("Test.Happened", received.Type);
        Assert.Equal("/tests", received.Source);
        Assert.Equal(7, JsonDocument.Parse(received.Data!.ToMemory()).RootElement.GetProperty("answer").GetInt32());
        var entry = await FindAsync(host, "hook", cloudEvent.Id);
        Assert.Equal(("delivered", 1, 200), (entry.Status, entry.Attempts, entry.LastStatusCode));
        Assert.NotNull(entry.DeliveredAt);
    }

    [Fact]
    public async Task Delivery_ReceiverFailsOnce_RetriedAfterBackoffAndDelivered()
    {
        await using var host = await StartAsync(new() { ["Events:ImmediateRetries"] = "0", ["Events:RetryDelay"] = "00:00:00.050" });
        var delivery = host.Services.GetRequiredService<IEventDelivery>();
        var cloudEvent = NewEvent();
        _receiver.FailNext(1);
        await host.Services.GetRequiredService<IEventPublisher>().PublishAsync(cloudEvent);

        var next = await delivery.DeliverDueAsync();
        var afterFailure = await FindAsync(host, "hook", cloudEvent.Id);
        var delivered = await DeliverUntilAsync(host, "hook", cloudEvent.Id, next);

        Assert.Equal(("pending", 1, 500), (afterFailure.Status, afterFailure.Attempts, afterFailure.LastStatusCode));
        Assert.NotNull(next);
        Assert.Equal(("delivered", 2, 200), (delivered.Status, delivered.Attempts, delivered.LastStatusCode));
        Assert.Equal([500, 200], _receiver.Requests.Select(r => r.AnsweredWith));
        Assert.All(_receiver.Requests, r => Assert.Equal(Sign(r.Body), r.Headers["x-mlops-signature"]));
    }

    [Fact]
    public async Task Delivery_QuickRetries_DeliverWithinOneAttempt()
    {
        await using var host = await StartAsync(new() { ["Events:ImmediateRetries"] = "2", ["Events:ImmediateRetryDelay"] = "00:00:00.001" });
        var cloudEvent = NewEvent();
        _receiver.FailNext(2);
        await host.Services.GetRequiredService<IEventPublisher>().PublishAsync(cloudEvent);

        await host.Services.GetRequiredService<IEventDelivery>().DeliverDueAsync();

        var entry = await FindAsync(host, "hook", cloudEvent.Id);
        Assert.Equal(("delivered", 1), (entry.Status, entry.Attempts));
        Assert.Equal([500, 500, 200], _receiver.Requests.Select(r => r.AnsweredWith));
    }

    [Fact]
    public async Task Delivery_ReceiverKeepsFailing_MarkedFailedAfterMaxAttempts()
    {
        await using var host = await StartAsync(new()
        {
            ["Events:ImmediateRetries"] = "0",
            ["Events:RetryDelay"] = "00:00:00.010",
            ["Events:MaxAttempts"] = "3",
        });
        var cloudEvent = NewEvent();
        _receiver.FailNext(100);
        await host.Services.GetRequiredService<IEventPublisher>().PublishAsync(cloudEvent);

        var entry = await DeliverUntilAsync(host, "hook", cloudEvent.Id, null, status: "failed");
        var more = await host.Services.GetRequiredService<IEventDelivery>().DeliverDueAsync();

        Assert.Equal(3, entry.Attempts);
        Assert.Equal("HTTP 500 Internal Server Error", entry.LastError);
        Assert.Equal(3, _receiver.Requests.Count);
        Assert.Null(more);
    }

    [Fact]
    public async Task Publish_SameEventTwice_DeliveredOnce()
    {
        await using var host = await StartAsync();
        var cloudEvent = NewEvent();
        var publisher = host.Services.GetRequiredService<IEventPublisher>();

        await publisher.PublishAsync(cloudEvent);
        await publisher.PublishAsync(cloudEvent);
        await host.Services.GetRequiredService<IEventDelivery>().DeliverDueAsync();
        await host.Services.GetRequiredService<IEventDelivery>().DeliverDueAsync();

        Assert.Single(_receiver.Requests);
    }

    [Fact]
    public async Task Publish_TwoWebhooks_EachGetsItWithItsOwnSignatureOrNone()
    {
        await using var host = await StartAsync(new()
        {
            ["Events:Webhooks:second:Url"] = new Uri(_receiver.Url, "/second").ToString(),
        });
        var cloudEvent = NewEvent();

        await host.Services.GetRequiredService<IEventPublisher>().PublishAsync(cloudEvent);
        await host.Services.GetRequiredService<IEventDelivery>().DeliverDueAsync();

        var byPath = _receiver.Requests.ToDictionary(r => r.Path);
        Assert.Equal(Sign(byPath["/hook"].Body), byPath["/hook"].Headers["x-mlops-signature"]);
        Assert.False(byPath["/second"].Headers.ContainsKey("x-mlops-signature"));
        Assert.Equal("delivered", (await FindAsync(host, "second", cloudEvent.Id)).Status);
    }

    [Fact]
    public async Task Registry_RegisterAndMoveAlias_PublishesVersionAndAliasEvents()
    {
        await using var host = await StartAsync();
        var registry = host.Services.GetRequiredService<IModelRegistry>();
        var name = "events" + Guid.NewGuid().ToString("N")[..8];
        var v1 = await registry.RegisterVersionAsync(name, new MemoryStream(RegistryTestModels.Model(name + "1")), new NewModelVersion { Lineage = new ModelLineage(RunId: "run-9") }, "tester");
        await registry.RegisterVersionAsync(name, new MemoryStream(RegistryTestModels.Model(name + "2")), new NewModelVersion(), "tester");

        await registry.SetAliasAsync(name, "champion", 1, "tester");
        await registry.SetAliasAsync(name, "champion", 2, "tester");
        await registry.DeleteAliasAsync(name, "champion", "tester");
        await host.Services.GetRequiredService<IEventDelivery>().DeliverDueAsync();

        var events = _receiver.Requests.Select(r => CloudEvent.Parse(BinaryData.FromBytes(r.Body))!).ToList();
        var registered = events.Where(e => e.Type == PlatformEventTypes.ModelVersionRegistered).Select(Data).OrderBy(d => d.GetProperty("version").GetInt32()).ToList();
        var aliases = events.Where(e => e.Type == PlatformEventTypes.AliasChanged).ToList();
        Assert.Equal(2, registered.Count);
        Assert.Equal(name, registered[0].GetProperty("model").GetString());
        Assert.Equal(v1.Sha256, registered[0].GetProperty("sha256").GetString());
        Assert.Equal("run-9", registered[0].GetProperty("runId").GetString());
        Assert.Equal(3, aliases.Count);
        Assert.All(aliases, a => Assert.Equal($"models/{name}/aliases/champion", a.Subject));
        var moves = aliases.Select(Data).Select(d => (Int(d, "version"), Int(d, "previousVersion"))).ToList();
        Assert.Contains((1, (int?)null), moves);
        Assert.Contains((2, 1), moves);
        Assert.Contains(((int?)null, 2), moves);
    }

    [Fact]
    public async Task PlatformWorkflows_OnTheEmbeddedEngine_PublishCompletedAndFailed()
    {
        await using var host = await StartAsync(
            new() { ["Workflows:Engine"] = "Embedded", ["Workflows:MaxPollingInterval"] = "00:00:00.100" },
            services => services.AddWorkflows(r => r.AddPlatformWorkflow<string, string>("EventsFailing", (_, _) => throw new InvalidOperationException("no data"))));
        var client = host.Services.GetRequiredService<IPipelineClient>();
        var workflows = host.Services.GetRequiredService<IWorkflowClient>();
        var ok = "ok-" + Guid.NewGuid().ToString("N")[..8];
        var bad = "bad-" + Guid.NewGuid().ToString("N")[..8];

        await client.StartAsync("SelfTest", new { message = "hello" }, ok);
        await client.StartAsync("EventsFailing", "x", bad);
        await workflows.WaitForCompletionAsync(ok);
        await workflows.WaitForCompletionAsync(bad);
        await host.Services.GetRequiredService<IEventDelivery>().DeliverDueAsync();

        var events = _receiver.Requests.Select(r => CloudEvent.Parse(BinaryData.FromBytes(r.Body))!).ToList();
        var completed = Assert.Single(events, e => e.Type == PlatformEventTypes.PipelineCompleted);
        var failed = Assert.Single(events, e => e.Type == PlatformEventTypes.PipelineFailed);
        Assert.Equal($"pipelines/{ok}", completed.Subject);
        Assert.Equal("hello", Data(completed).GetProperty("output").GetProperty("message").GetString());
        Assert.Equal($"pipelines/{bad}", failed.Subject);
        Assert.Equal("no data", Data(failed).GetProperty("errorMessage").GetString());
        Assert.Equal(typeof(InvalidOperationException).FullName, Data(failed).GetProperty("errorType").GetString());
    }

    [Fact]
    public async Task TopicPublisher_PostsCloudEventsWithTheTopicKey()
    {
        await using var host = await CoreHost.StartAsync(new Dictionary<string, string?>
        {
            ["Workflows:Engine"] = "None",
            ["Events:TopicEndpoint"] = _receiver.Url.ToString(),
            ["Events:TopicKey"] = "topic-key",
        });
        var cloudEvent = NewEvent();

        await host.Services.GetRequiredService<IEventPublisher>().PublishAsync(cloudEvent);

        var request = Assert.Single(_receiver.Requests);
        Assert.Equal("topic-key", request.Headers["aeg-sas-key"]);
        Assert.StartsWith("application/cloudevents-batch+json", request.ContentType, StringComparison.Ordinal);
        Assert.Equal(cloudEvent.Id, Assert.Single(CloudEvent.ParseMany(BinaryData.FromBytes(request.Body))).Id);
    }

    [Fact]
    public async Task Server_RegisterVersionOverHttp_WebhookHearsOfItWithoutWaitingForAPoll()
    {
        await using var server = new ServerFactory();
        server.Settings["Events:Webhooks:hook:Url"] = _receiver.Url.ToString();
        server.Settings["Events:Webhooks:hook:Secret"] = Secret;
        server.Settings["Events:PollInterval"] = "01:00:00";
        using var client = server.CreateAdminClient();
        var name = "srv" + Guid.NewGuid().ToString("N")[..8];
        using var form = new MultipartFormDataContent();
        var model = new ByteArrayContent(RegistryTestModels.Model(name));
        model.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        form.Add(model, "model", "model.onnx");

        using var response = await client.PostAsync($"/api/models/{name}/versions", form);
        await Eventually.WaitUntilAsync(() => !_receiver.Requests.IsEmpty, "the webhook to receive the event");

        Assert.Equal(System.Net.HttpStatusCode.Created, response.StatusCode);
        var request = Assert.Single(_receiver.Requests);
        Assert.Equal(Sign(request.Body), request.Headers["x-mlops-signature"]);
        var cloudEvent = CloudEvent.Parse(BinaryData.FromBytes(request.Body))!;
        Assert.Equal(PlatformEventTypes.ModelVersionRegistered, cloudEvent.Type);
        Assert.Equal($"models/{name}/versions/1", cloudEvent.Subject);
    }

    private Task<CoreHost> StartAsync(Dictionary<string, string?>? settings = null, Action<IServiceCollection>? services = null)
    {
        var all = new Dictionary<string, string?>
        {
            ["Workflows:Engine"] = "None",
            ["Events:Webhooks:hook:Url"] = _receiver.Url.ToString(),
            ["Events:Webhooks:hook:Secret"] = Secret,
            ["Events:ImmediateRetryDelay"] = "00:00:00.001",
        };
        foreach (var (key, value) in settings ?? [])
        {
            all[key] = value;
        }

        return CoreHost.StartAsync(all, services);
    }

    private static async Task<OutboxEntry> FindAsync(CoreHost host, string subscriber, string eventId) =>
        await host.Services.GetRequiredService<IEventDelivery>().FindAsync(subscriber, eventId)
        ?? throw new InvalidOperationException($"No outbox entry for {eventId}.");

    private static async Task<OutboxEntry> DeliverUntilAsync(CoreHost host, string subscriber, string eventId, DateTimeOffset? next, string status = "delivered")
    {
        var delivery = host.Services.GetRequiredService<IEventDelivery>();
        var first = true;
        return await Eventually.WaitAsync(
            async () =>
            {
                if (!first)
                {
                    await delivery.WaitForWorkAsync(next);
                }

                first = false;
                next = await delivery.DeliverDueAsync();
                return await FindAsync(host, subscriber, eventId);
            },
            entry => entry.Status == status,
            $"event {eventId} to be {status}");
    }

    private static CloudEvent NewEvent() =>
        new("/tests", "Test.Happened", BinaryData.FromString("""{"answer": 7}"""), "application/json", CloudEventDataFormat.Json)
        {
            Id = Guid.NewGuid().ToString("N"),
        };

    private static int? Int(JsonElement data, string name) => data.TryGetProperty(name, out var value) ? value.GetInt32() : null;

    private static JsonElement Data(CloudEvent cloudEvent) => JsonDocument.Parse(cloudEvent.Data!.ToMemory()).RootElement.Clone();

    private static string Sign(byte[] body) => "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(Secret), body));
}
