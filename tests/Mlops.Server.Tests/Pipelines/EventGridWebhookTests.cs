using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Mlops.Core.Tests.Infrastructure;

namespace Mlops.Server.Tests.Pipelines;

/// <summary>The server's Event Grid webhook: the validation handshake, and blob-created notifications routed to workflows.</summary>
public sealed class EventGridWebhookTests(PipelineServerFixture fixture) : IClassFixture<PipelineServerFixture>
{
    private const string Webhook = "/runtime/webhooks/eventgrid";

    [Fact]
    public async Task Post_SubscriptionValidation_EchoesTheValidationCode()
    {
        using var client = fixture.Factory.CreateFunctionClient();
        using var request = Request("""
            [{"id": "2d1781af-3a4c-4d7c-bd0c-e34b19da4e66", "topic": "/subscriptions/x/resourceGroups/rg/providers/Microsoft.Storage/storageAccounts/acct",
              "subject": "", "eventType": "Microsoft.EventGrid.SubscriptionValidationEvent", "eventTime": "2025-01-31T10:00:00Z",
              "data": {"validationCode": "512d38b6-c7b8-40c8-89fe-f46f9e9622b6", "validationUrl": "https://example.invalid/validate"},
              "dataVersion": "2", "metadataVersion": "1"}]
            """);
        request.Headers.Add("aeg-event-type", "SubscriptionValidation");

        using var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("512d38b6-c7b8-40c8-89fe-f46f9e9622b6", body.GetProperty("validationResponse").GetString());
    }

    [Fact]
    public async Task Options_CloudEventsHandshake_AllowsTheOrigin()
    {
        using var client = fixture.Factory.CreateFunctionClient();
        using var request = new HttpRequestMessage(HttpMethod.Options, Webhook);
        request.Headers.Add("WebHook-Request-Origin", "eventgrid.azure.net");

        using var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("eventgrid.azure.net", Assert.Single(response.Headers.GetValues("WebHook-Allowed-Origin")));
    }

    [Fact]
    public async Task Post_BlobCreatedInTriggerContainer_StartsTheWorkflowOnceAcrossRedelivery()
    {
        using var client = fixture.Factory.CreateFunctionClient();
        var (model, blob) = NewBlob();
        var body = EventGridBody(Container(TestWorkflows.DropContainer), blob, "0x8DD0000000000A1");

        var first = await NotifyAsync(client, body);
        var instanceId = first.GetProperty("instanceId").GetString()!;
        var status = await PipelineServerFixture.WaitForFinishAsync(client, instanceId);
        var redelivered = await NotifyAsync(client, body);

        Assert.Equal("started", first.GetProperty("outcome").GetString());
        Assert.Equal(TestWorkflows.Drop, first.GetProperty("workflow").GetString());
        Assert.Equal(model, status.GetProperty("output").GetString());
        Assert.Equal(TestWorkflows.DropContainer, status.GetProperty("input").GetProperty("container").GetString());
        Assert.Equal("0x8DD0000000000A1", status.GetProperty("input").GetProperty("eTag").GetString());
        Assert.Equal("alreadyStarted", redelivered.GetProperty("outcome").GetString());
        Assert.Equal(instanceId, redelivered.GetProperty("instanceId").GetString());
        Assert.Equal([instanceId], TestWorkflows.DropRuns[blob]);
    }

    [Fact]
    public async Task Post_SameBlobNewETag_StartsAnotherInstance()
    {
        using var client = fixture.Factory.CreateFunctionClient();
        var (_, blob) = NewBlob();

        var first = await NotifyAsync(client, EventGridBody(Container(TestWorkflows.DropContainer), blob, "0x1"));
        var overwritten = await NotifyAsync(client, EventGridBody(Container(TestWorkflows.DropContainer), blob, "0x2"));

        Assert.Equal("started", overwritten.GetProperty("outcome").GetString());
        Assert.NotEqual(first.GetProperty("instanceId").GetString(), overwritten.GetProperty("instanceId").GetString());
    }

    [Fact]
    public async Task Post_CloudEvent_StartsTheWorkflow()
    {
        using var client = fixture.Factory.CreateFunctionClient();
        var (_, blob) = NewBlob();
        using var request = Request(CloudEvent(Container(TestWorkflows.DropContainer), blob, "0xC1"), "application/cloudevents+json");
        request.Headers.Add("aeg-event-type", "Notification");

        using var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var result = Assert.Single((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("results").EnumerateArray());
        Assert.Equal("started", result.GetProperty("outcome").GetString());
    }

    [Fact]
    public async Task Post_CloudEventsBatch_HandlesEachEvent()
    {
        using var client = fixture.Factory.CreateFunctionClient();
        var (_, first) = NewBlob();
        var (_, second) = NewBlob();
        var batch = $"[{CloudEvent(Container(TestWorkflows.DropContainer), first, "0xB1")}, {CloudEvent(Container(TestWorkflows.DropContainer), second, "0xB2")}]";
        using var request = Request(batch, "application/cloudevents-batch+json");

        using var response = await client.SendAsync(request);

        var results = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("results").EnumerateArray().ToList();
        Assert.Equal(2, results.Count);
        Assert.All(results, r => Assert.Equal("started", r.GetProperty("outcome").GetString()));
    }

    [Fact]
    public async Task Post_ContainerWithoutRegisteredWorkflow_ReportsNoWorkflowRegistered()
    {
        using var client = fixture.Factory.CreateFunctionClient();
        var (_, blob) = NewBlob();

        var result = await NotifyAsync(client, EventGridBody(Container(TestWorkflows.UnregisteredContainer), blob, "0x5"));

        Assert.Equal("noWorkflowRegistered", result.GetProperty("outcome").GetString());
        Assert.Contains($"No workflow registered for {TestWorkflows.Unregistered}", result.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.False(result.TryGetProperty("instanceId", out _));
    }

    [Theory]
    [InlineData("other-container", "Microsoft.Storage.BlobCreated")]
    [InlineData("training-data", "Microsoft.Storage.BlobDeleted")]
    public async Task Post_NotATriggerEvent_IsNotRouted(string container, string type)
    {
        using var client = fixture.Factory.CreateFunctionClient();
        var (_, blob) = NewBlob();

        var result = await NotifyAsync(client, EventGridBody(Container(container), blob, "0x6", type));

        Assert.Equal("notRouted", result.GetProperty("outcome").GetString());
    }

    [Fact]
    public async Task Post_BlobNotInAModelFolder_IsRejected()
    {
        using var client = fixture.Factory.CreateFunctionClient();

        var result = await NotifyAsync(client, EventGridBody(Container("training-data"), "loose.csv", "0x7"));

        Assert.Equal("rejected", result.GetProperty("outcome").GetString());
        Assert.Contains("training-data/{name}/<file>", result.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{not json")]
    [InlineData("""[{"id": "1"}]""")]
    [InlineData("")]
    public async Task Post_MalformedBody_Is400(string body)
    {
        using var client = fixture.Factory.CreateFunctionClient();

        using var response = await client.SendAsync(Request(body));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task Post_KeyInCodeQuery_IsAccepted_AndNoKeyIs401()
    {
        using var anonymous = fixture.Factory.CreateClient();
        var (_, blob) = NewBlob();
        var body = EventGridBody(Container("other-container"), blob, "0x8");

        using var withCode = await anonymous.SendAsync(Request(body, uri: $"{Webhook}?code={CoreHost.FunctionKey}"));
        using var withoutKey = await anonymous.SendAsync(Request(body));

        Assert.Equal(HttpStatusCode.OK, withCode.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, withoutKey.StatusCode);
    }

    private string Container(string logical) => fixture.Factory.Prefix + logical;

    private static (string Model, string Blob) NewBlob()
    {
        var model = "m" + Guid.NewGuid().ToString("N")[..10];
        return (model, $"{model}/data-{Guid.NewGuid():N}.csv");
    }

    private static async Task<JsonElement> NotifyAsync(HttpClient client, string body)
    {
        using var request = Request(body);
        request.Headers.Add("aeg-event-type", "Notification");
        using var response = await client.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return Assert.Single((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("results").EnumerateArray());
    }

    private static HttpRequestMessage Request(string body, string contentType = "application/json", string uri = Webhook) =>
        new(HttpMethod.Post, uri) { Content = new StringContent(body, Encoding.UTF8, contentType) };

    private static string EventGridBody(string container, string blob, string etag, string type = "Microsoft.Storage.BlobCreated") => $$"""
        [{"topic": "/subscriptions/x/resourceGroups/rg/providers/Microsoft.Storage/storageAccounts/acct",
          "subject": "/blobServices/default/containers/{{container}}/blobs/{{blob}}",
          "eventType": "{{type}}", "id": "{{Guid.NewGuid()}}", "eventTime": "2025-01-31T10:00:00.1234567Z",
          "data": {"api": "PutBlob", "clientRequestId": "c", "requestId": "r", "eTag": "{{etag}}", "contentType": "text/csv",
                   "contentLength": 524288, "blobType": "BlockBlob", "url": "https://acct.blob.core.windows.net/{{container}}/{{blob}}",
                   "sequencer": "00000000000004420000000000028963", "storageDiagnostics": {"batchId": "b"} },
          "dataVersion": "", "metadataVersion": "1"}]
        """;

    private static string CloudEvent(string container, string blob, string etag) => $$"""
        {"specversion": "1.0", "type": "Microsoft.Storage.BlobCreated",
         "source": "/subscriptions/x/resourceGroups/rg/providers/Microsoft.Storage/storageAccounts/acct",
         "id": "{{Guid.NewGuid()}}", "time": "2025-01-31T10:00:00Z",
         "subject": "/blobServices/default/containers/{{container}}/blobs/{{blob}}",
         "datacontenttype": "application/json",
         "data": {"api": "PutBlob", "eTag": "{{etag}}", "contentType": "text/csv", "contentLength": 10, "blobType": "BlockBlob",
                  "url": "https://acct.blob.core.windows.net/{{container}}/{{blob}}", "sequencer": "01"} }
        """;
}
