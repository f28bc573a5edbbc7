using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Mlops.Core.Tests.Infrastructure;

namespace Mlops.Server.Tests.Pipelines;

/// <summary>The pipeline management routes through the real server on the embedded engine, in Durable's shapes.</summary>
public sealed class PipelineApiTests(PipelineServerFixture fixture) : IClassFixture<PipelineServerFixture>
{
    [Fact]
    public async Task Start_KnownWorkflow_Is202WithLocationAndManagementLinks()
    {
        using var client = fixture.Factory.CreateAdminClient();
        var id = NewId();

        using var response = await client.PostAsync($"/api/pipelines/{TestWorkflows.Echo}?instanceId={id}", Json("\"hello\""));

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        var status = body.GetProperty("statusQueryGetUri").GetString();
        Assert.Equal(id, body.GetProperty("id").GetString());
        Assert.Equal($"http://localhost/api/pipelines/{id}", status);
        Assert.Equal(status, response.Headers.Location?.ToString());
        Assert.Equal(status + "/events/{eventName}", body.GetProperty("sendEventPostUri").GetString());
        Assert.Equal(status + "/terminate?reason={text}", body.GetProperty("terminatePostUri").GetString());
        Assert.Equal(status, body.GetProperty("purgeHistoryDeleteUri").GetString());
    }

    [Fact]
    public async Task Start_WithoutInstanceId_GeneratesOne()
    {
        using var client = fixture.Factory.CreateAdminClient();

        using var response = await client.PostAsync($"/api/pipelines/{TestWorkflows.Echo}", Json("\"x\""));

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var id = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString();
        Assert.False(string.IsNullOrEmpty(id));
        Assert.Equal("X", (await PipelineServerFixture.WaitForFinishAsync(client, id!)).GetProperty("output").GetString());
    }

    [Fact]
    public async Task GetStatus_Completed_Is200InDurableShape()
    {
        using var admin = fixture.Factory.CreateAdminClient();
        using var reader = fixture.Factory.CreateFunctionClient();
        var id = NewId();
        (await admin.PostAsync($"/api/pipelines/{TestWorkflows.Echo}?instanceId={id}", Json("\"hello\""))).Dispose();
        await PipelineServerFixture.WaitForFinishAsync(reader, id);

        using var response = await reader.GetAsync($"/api/pipelines/{id}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Null(response.Headers.Location);
        var status = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(TestWorkflows.Echo, status.GetProperty("name").GetString());
        Assert.Equal(id, status.GetProperty("instanceId").GetString());
        Assert.Equal("Completed", status.GetProperty("runtimeStatus").GetString());
        Assert.Equal("hello", status.GetProperty("input").GetString());
        Assert.Equal("HELLO", status.GetProperty("output").GetString());
        Assert.Equal("upper", status.GetProperty("customStatus").GetProperty("step").GetString());
        Assert.EndsWith("Z", status.GetProperty("createdTime").GetString(), StringComparison.Ordinal);
        Assert.True(status.GetProperty("lastUpdatedTime").GetDateTime() >= status.GetProperty("createdTime").GetDateTime());
        Assert.False(status.TryGetProperty("failureDetails", out _));
    }

    [Fact]
    public async Task GetStatus_Running_Is202WithLocationAndNullOutput()
    {
        using var client = fixture.Factory.CreateAdminClient();
        var id = await StartWaitingAsync(client);

        using var response = await client.GetAsync($"/api/pipelines/{id}?showInput=false");

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Equal($"http://localhost/api/pipelines/{id}", response.Headers.Location?.ToString());
        var status = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Contains(status.GetProperty("runtimeStatus").GetString(), new[] { "Pending", "Running" });
        Assert.Equal(JsonValueKind.Null, status.GetProperty("input").ValueKind);
        Assert.Equal(JsonValueKind.Null, status.GetProperty("output").ValueKind);
    }

    [Fact]
    public async Task GetStatus_Unknown_Is404()
    {
        using var client = fixture.Factory.CreateFunctionClient();

        using var response = await client.GetAsync($"/api/pipelines/{NewId()}");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task RaiseEvent_WaitingInstance_Is202AndCompletesWithTheData()
    {
        using var client = fixture.Factory.CreateAdminClient();
        var id = await StartWaitingAsync(client);

        using var response = await client.PostAsync($"/api/pipelines/{id}/events/go", Json("""{"who": "alice"}"""));

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var status = await PipelineServerFixture.WaitForFinishAsync(client, id);
        Assert.Equal("Completed", status.GetProperty("runtimeStatus").GetString());
        Assert.Equal("job:alice", status.GetProperty("output").GetString());
    }

    [Fact]
    public async Task RaiseEvent_FinishedInstance_Is409()
    {
        using var client = fixture.Factory.CreateAdminClient();
        var id = NewId();
        (await client.PostAsync($"/api/pipelines/{TestWorkflows.Echo}?instanceId={id}", Json("\"a\""))).Dispose();
        await PipelineServerFixture.WaitForFinishAsync(client, id);

        using var response = await client.PostAsync($"/api/pipelines/{id}/events/go", Json("{}"));

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
    }

    [Fact]
    public async Task RaiseEvent_UnknownInstance_Is404()
    {
        using var client = fixture.Factory.CreateAdminClient();

        using var response = await client.PostAsync($"/api/pipelines/{NewId()}/events/go", Json("{}"));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task Terminate_RunningInstance_IsTerminatedWithTheReason()
    {
        using var client = fixture.Factory.CreateAdminClient();
        var id = await StartWaitingAsync(client);

        using var response = await client.PostAsync($"/api/pipelines/{id}/terminate?reason=enough", content: null);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var status = await PipelineServerFixture.WaitForFinishAsync(client, id);
        Assert.Equal("Terminated", status.GetProperty("runtimeStatus").GetString());
        Assert.Equal("enough", status.GetProperty("output").GetString());
    }

    [Fact]
    public async Task Terminate_ReasonInBody_IsTheOutput()
    {
        using var client = fixture.Factory.CreateAdminClient();
        var id = await StartWaitingAsync(client);

        (await client.PostAsync($"/api/pipelines/{id}/terminate", Json("""{"reason": "from the body"}"""))).Dispose();

        var status = await PipelineServerFixture.WaitForFinishAsync(client, id);
        Assert.Equal("from the body", status.GetProperty("output").GetString());
    }

    [Fact]
    public async Task Purge_FinishedInstance_DeletesItAndReportsOne()
    {
        using var client = fixture.Factory.CreateAdminClient();
        var id = NewId();
        (await client.PostAsync($"/api/pipelines/{TestWorkflows.Echo}?instanceId={id}", Json("\"a\""))).Dispose();
        await PipelineServerFixture.WaitForFinishAsync(client, id);

        using var response = await client.DeleteAsync($"/api/pipelines/{id}");
        using var after = await client.GetAsync($"/api/pipelines/{id}");
        using var again = await client.DeleteAsync($"/api/pipelines/{id}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(1, (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("instancesDeleted").GetInt32());
        Assert.Equal(HttpStatusCode.NotFound, after.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, again.StatusCode);
    }

    [Fact]
    public async Task Purge_RunningInstance_Is409AndKeepsIt()
    {
        using var client = fixture.Factory.CreateAdminClient();
        var id = await StartWaitingAsync(client);

        using var response = await client.DeleteAsync($"/api/pipelines/{id}");
        using var after = await client.GetAsync($"/api/pipelines/{id}");

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, after.StatusCode);
    }

    [Fact]
    public async Task Start_ExistingInstanceId_Is409AndStartsNothing()
    {
        using var client = fixture.Factory.CreateAdminClient();
        var id = await StartWaitingAsync(client);

        using var second = await client.PostAsync($"/api/pipelines/{TestWorkflows.WaitForGo}?instanceId={id}", Json("""{"name": "other"}"""));

        Assert.Equal(HttpStatusCode.Conflict, second.StatusCode);
        var status = await client.GetFromJsonAsync<JsonElement>($"/api/pipelines/{id}");
        Assert.Equal("job", status.GetProperty("input").GetProperty("name").GetString());
    }

    [Fact]
    public async Task Start_UnknownWorkflow_Is404NamingTheKnownOnes()
    {
        using var client = fixture.Factory.CreateAdminClient();

        using var response = await client.PostAsync("/api/pipelines/NoSuchWorkflow", Json("{}"));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("workflow", problem.GetProperty("field").GetString());
        Assert.Contains(TestWorkflows.Echo, problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"model": "churn", "count": "three"}""", "$.count")]
    [InlineData("""{"count": 3}""", "body")]
    [InlineData("""{"model": null, "count": 3}""", "$.model")]
    [InlineData("""{"model": "churn", "count": 11}""", "count")]
    [InlineData("[1, 2]", "body")]
    [InlineData("", "body")]
    [InlineData("{not json", "body")]
    public async Task Start_BadInput_Is400NamingTheField(string body, string field)
    {
        using var client = fixture.Factory.CreateAdminClient();
        var id = NewId();

        using var response = await client.PostAsync($"/api/pipelines/{TestWorkflows.Typed}?instanceId={id}", Json(body));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(field, (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("field").GetString());
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/api/pipelines/{id}")).StatusCode);
    }

    [Fact]
    public async Task Start_ValidTypedInput_RunsWithIt()
    {
        using var client = fixture.Factory.CreateAdminClient();
        var id = NewId();

        (await client.PostAsync($"/api/pipelines/{TestWorkflows.Typed}?instanceId={id}", Json("""{"model": "churn", "count": 4}"""))).Dispose();

        Assert.Equal(8, (await PipelineServerFixture.WaitForFinishAsync(client, id)).GetProperty("output").GetInt32());
    }

    [Theory]
    [InlineData("a/b")]
    [InlineData("a#b")]
    public async Task Start_InvalidInstanceId_Is400(string instanceId)
    {
        using var client = fixture.Factory.CreateAdminClient();

        using var response = await client.PostAsync($"/api/pipelines/{TestWorkflows.Echo}?instanceId={Uri.EscapeDataString(instanceId)}", Json("\"a\""));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("instanceId", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("field").GetString());
    }

    [Fact]
    public async Task Status_FailedWorkflow_ShowsFailureDetails()
    {
        using var client = fixture.Factory.CreateAdminClient();
        var id = NewId();
        (await client.PostAsync($"/api/pipelines/{TestWorkflows.Fail}?instanceId={id}", Json("\"x\""))).Dispose();

        var status = await PipelineServerFixture.WaitForFinishAsync(client, id);

        Assert.Equal("Failed", status.GetProperty("runtimeStatus").GetString());
        var failure = status.GetProperty("failureDetails");
        Assert.Equal(typeof(InvalidOperationException).FullName, failure.GetProperty("errorType").GetString());
        Assert.Contains("boom: x", failure.GetProperty("errorMessage").GetString(), StringComparison.Ordinal);
        Assert.False(failure.TryGetProperty("stackTrace", out _));
    }

    [Fact]
    public async Task List_Filters_ByNameStatusAndCreatedTime()
    {
        using var client = fixture.Factory.CreateAdminClient();
        var from = DateTimeOffset.UtcNow.AddSeconds(-1);
        var waiting = await StartWaitingAsync(client);
        var done = NewId();
        (await client.PostAsync($"/api/pipelines/{TestWorkflows.Echo}?instanceId={done}", Json("\"a\""))).Dispose();
        await PipelineServerFixture.WaitForFinishAsync(client, done);
        var since = Uri.EscapeDataString(from.ToString("O"));

        var running = await client.GetFromJsonAsync<JsonElement>($"/api/pipelines?name={TestWorkflows.WaitForGo}&status=Pending,Running&createdFrom={since}");
        var completed = await client.GetFromJsonAsync<JsonElement>($"/api/pipelines?status=completed&createdFrom={since}&top=1000");
        var future = await client.GetFromJsonAsync<JsonElement>($"/api/pipelines?createdFrom={Uri.EscapeDataString(DateTimeOffset.UtcNow.AddDays(1).ToString("O"))}");
        var past = await client.GetFromJsonAsync<JsonElement>($"/api/pipelines?createdTo={Uri.EscapeDataString(from.ToString("O"))}&name={TestWorkflows.WaitForGo}");

        Assert.Contains(running.EnumerateArray(), s => s.GetProperty("instanceId").GetString() == waiting);
        Assert.All(running.EnumerateArray(), s => Assert.Equal(TestWorkflows.WaitForGo, s.GetProperty("name").GetString()));
        Assert.DoesNotContain(running.EnumerateArray(), s => s.GetProperty("instanceId").GetString() == done);
        Assert.Contains(completed.EnumerateArray(), s => s.GetProperty("instanceId").GetString() == done);
        Assert.All(completed.EnumerateArray(), s => Assert.Equal("Completed", s.GetProperty("runtimeStatus").GetString()));
        Assert.Empty(future.EnumerateArray());
        Assert.DoesNotContain(past.EnumerateArray(), s => s.GetProperty("instanceId").GetString() == waiting);
    }

    [Theory]
    [InlineData("status=Sleeping", "status")]
    [InlineData("createdFrom=yesterday", "createdFrom")]
    [InlineData("top=0", "top")]
    public async Task List_BadFilter_Is400(string query, string field)
    {
        using var client = fixture.Factory.CreateFunctionClient();

        using var response = await client.GetAsync($"/api/pipelines?{query}");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(field, (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("field").GetString());
    }

    [Fact]
    public async Task ControlRoutes_FunctionKey_Are403AndReadsAllowed()
    {
        using var reader = fixture.Factory.CreateFunctionClient();
        using var anonymous = fixture.Factory.CreateClient();

        using var start = await reader.PostAsync($"/api/pipelines/{TestWorkflows.Echo}", Json("\"a\""));
        using var terminate = await reader.PostAsync($"/api/pipelines/{NewId()}/terminate", content: null);
        using var purge = await reader.DeleteAsync($"/api/pipelines/{NewId()}");
        using var raise = await reader.PostAsync($"/api/pipelines/{NewId()}/events/go", Json("{}"));
        using var list = await reader.GetAsync("/api/pipelines");
        using var anonymousList = await anonymous.GetAsync("/api/pipelines");

        Assert.Equal(HttpStatusCode.Forbidden, start.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, terminate.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, purge.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, raise.StatusCode);
        Assert.Equal(HttpStatusCode.OK, list.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, anonymousList.StatusCode);
    }

    [Fact]
    public async Task SelfTest_WithEvent_CompletesWithTheEventData()
    {
        using var client = fixture.Factory.CreateAdminClient();
        var id = NewId();
        (await client.PostAsync($"/api/pipelines/SelfTest?instanceId={id}", Json("""{"message": "ping", "waitForEvent": true}"""))).Dispose();
        await Eventually.WaitAsync(
            async () => await client.GetFromJsonAsync<JsonElement>($"/api/pipelines/{id}"),
            s => s.GetProperty("customStatus").ValueKind == JsonValueKind.Object && s.GetProperty("customStatus").GetProperty("step").GetString() == "waiting",
            "the self-test to wait for its event");

        (await client.PostAsync($"/api/pipelines/{id}/events/continue", Json("""{"ok": true}"""))).Dispose();

        var output = (await PipelineServerFixture.WaitForFinishAsync(client, id)).GetProperty("output");
        Assert.Equal("ping", output.GetProperty("message").GetString());
        Assert.True(output.GetProperty("eventReceived").GetBoolean());
        Assert.True(output.GetProperty("eventData").GetProperty("ok").GetBoolean());
    }

    private static async Task<string> StartWaitingAsync(HttpClient client)
    {
        var id = NewId();
        using var response = await client.PostAsync($"/api/pipelines/{TestWorkflows.WaitForGo}?instanceId={id}", Json("""{"name": "job"}"""));
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        return id;
    }

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    private static string NewId() => "t-" + Guid.NewGuid().ToString("N")[..12];
}
