using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Mlops.Core.Tests.Onnx;
using Mlops.Core.Tests.Registry;
using Mlops.Server.Tests.Infrastructure;

namespace Mlops.Server.Tests.Registry;

/// <summary>The registry's HTTP routes through the real server pipeline against Azurite.</summary>
public sealed class RegistryApiTests(ServerFactory factory) : IClassFixture<ServerFactory>
{
    [Fact]
    public async Task RegisterVersion_ModelAndMetadata_Is201WithLocationAndVersion()
    {
        using var client = factory.CreateAdminClient();
        var name = NewModelName();
        var bytes = RegistryTestModels.Model(name);

        using var response = await UploadAsync(client, name, bytes, """{"description": "first", "tags": {"team": "growth"}, "metrics": {"auc": 0.91}}""");

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal($"/api/models/{name}/versions/1", response.Headers.Location?.OriginalString);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(JsonValueKind.Number, body.GetProperty("version").ValueKind);
        Assert.Equal(1, body.GetProperty("version").GetInt32());
        Assert.Equal(name, body.GetProperty("name").GetString());
        Assert.Equal("ready", body.GetProperty("status").GetString());
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(bytes)), body.GetProperty("sha256").GetString());
        Assert.Equal(bytes.Length, body.GetProperty("sizeBytes").GetInt64());
        Assert.Equal("growth", body.GetProperty("tags").GetProperty("team").GetString());
        Assert.Equal(0.91, body.GetProperty("metrics").GetProperty("auc").GetDouble());
        Assert.Equal("admin", body.GetProperty("createdBy").GetString());
        Assert.Equal("features", body.GetProperty("signature").GetProperty("inputs")[0].GetProperty("name").GetString());
    }

    [Fact]
    public async Task RegisterVersion_ModelPartBeforeMetadata_KeepsMetadata()
    {
        using var client = factory.CreateAdminClient();
        var name = NewModelName();
        using var form = new MultipartFormDataContent();
        form.Add(new ByteArrayContent(RegistryTestModels.Model(name)), "model", "model.onnx");
        form.Add(new StringContent("""{"description": "after the file"}""", Encoding.UTF8, "application/json"), "metadata");

        using var response = await client.PostAsync(Url($"/api/models/{name}/versions"), form);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal("after the file", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("description").GetString());
    }

    [Fact]
    public async Task GetVersionAndLists_AfterRegister_ReturnTheVersion()
    {
        using var admin = factory.CreateAdminClient();
        using var reader = factory.CreateFunctionClient();
        var name = NewModelName();
        (await UploadAsync(admin, name, RegistryTestModels.Model(name + "1"), """{"lineage": {"runId": "run-7", "codeRevision": "abc123"}}""")).Dispose();
        (await UploadAsync(admin, name, RegistryTestModels.Model(name + "2"))).Dispose();

        var version = await reader.GetFromJsonAsync<JsonElement>(Url($"/api/models/{name}/versions/1"));
        var versions = await reader.GetFromJsonAsync<JsonElement>(Url($"/api/models/{name}/versions"));
        var model = await reader.GetFromJsonAsync<JsonElement>(Url($"/api/models/{name}"));
        var models = await reader.GetFromJsonAsync<JsonElement>(Url("/api/models"));
        var lineage = await reader.GetFromJsonAsync<JsonElement>(Url($"/api/models/{name}/versions/1/lineage"));

        Assert.Equal(1, version.GetProperty("version").GetInt32());
        Assert.Equal([2, 1], versions.GetProperty("versions").EnumerateArray().Select(v => v.GetProperty("version").GetInt32()));
        Assert.Equal(2, model.GetProperty("latestVersion").GetInt32());
        Assert.Contains(models.GetProperty("models").EnumerateArray(), m => m.GetProperty("name").GetString() == name);
        Assert.Equal("run-7", lineage.GetProperty("lineage").GetProperty("runId").GetString());
        Assert.Equal("abc123", lineage.GetProperty("lineage").GetProperty("codeRevision").GetString());
        Assert.Equal(version.GetProperty("sha256").GetString(), lineage.GetProperty("sha256").GetString());
    }

    [Fact]
    public async Task GetArtifact_Registered_StreamsBytesWithETagAndDisposition()
    {
        using var admin = factory.CreateAdminClient();
        using var reader = factory.CreateFunctionClient();
        var name = NewModelName();
        var bytes = RegistryTestModels.Large(20_000);
        (await UploadAsync(admin, name, bytes)).Dispose();
        var etag = $"\"{Convert.ToHexStringLower(SHA256.HashData(bytes))}\"";

        using var response = await reader.GetAsync(Url($"/api/models/{name}/versions/1/artifact"));
        using var conditional = new HttpRequestMessage(HttpMethod.Get, Url($"/api/models/{name}/versions/1/artifact"));
        conditional.Headers.TryAddWithoutValidation("If-None-Match", etag);
        using var notModified = await reader.SendAsync(conditional);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/octet-stream", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(etag, response.Headers.ETag?.ToString());
        Assert.Equal("attachment", response.Content.Headers.ContentDisposition?.DispositionType);
        Assert.Equal($"{name}-v1.onnx", response.Content.Headers.ContentDisposition?.FileName?.Trim('"'));
        Assert.Equal(bytes, await response.Content.ReadAsByteArrayAsync());
        Assert.Equal(HttpStatusCode.NotModified, notModified.StatusCode);
    }

    [Fact]
    public async Task Aliases_SetMoveDelete_AuditListsThemWithActor()
    {
        using var admin = factory.CreateAdminClient();
        using var reader = factory.CreateFunctionClient();
        var name = NewModelName();
        (await UploadAsync(admin, name, RegistryTestModels.Model(name + "1"))).Dispose();
        (await UploadAsync(admin, name, RegistryTestModels.Model(name + "2"))).Dispose();

        using var set = await admin.PutAsJsonAsync(Url($"/api/models/{name}/aliases/champion"), new { version = 1 });
        using var moved = await admin.PutAsJsonAsync(Url($"/api/models/{name}/aliases/champion"), new { version = 2 });
        var alias = await reader.GetFromJsonAsync<JsonElement>(Url($"/api/models/{name}/aliases/champion"));
        var model = await reader.GetFromJsonAsync<JsonElement>(Url($"/api/models/{name}"));
        using var deleted = await admin.DeleteAsync(Url($"/api/models/{name}/aliases/champion"));
        using var afterDelete = await reader.GetAsync(Url($"/api/models/{name}/aliases/champion"));
        var audit = await admin.GetFromJsonAsync<JsonElement>(Url($"/api/audit?model={name}&limit=3"));

        Assert.Equal(HttpStatusCode.OK, set.StatusCode);
        Assert.Equal(1, (await set.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("version").GetInt32());
        Assert.Equal(HttpStatusCode.OK, moved.StatusCode);
        Assert.Equal(2, alias.GetProperty("version").GetInt32());
        Assert.Equal("admin", alias.GetProperty("updatedBy").GetString());
        Assert.Equal(2, model.GetProperty("aliases").GetProperty("champion").GetInt32());
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, afterDelete.StatusCode);
        var entries = audit.GetProperty("entries").EnumerateArray().ToList();
        Assert.Equal(
            [("alias.deleted", "2", null), ("alias.set", "1", "2"), ("alias.set", null, "1")],
            entries.Select(e => (e.GetProperty("action").GetString(), Optional(e, "from"), Optional(e, "to"))));
        Assert.All(entries, e => Assert.Equal(("admin", name, "champion"), (e.GetProperty("actor").GetString(), e.GetProperty("model").GetString(), e.GetProperty("target").GetString())));
    }

    [Fact]
    public async Task ListAudit_NoModel_IncludesEveryModelNewestFirst()
    {
        using var admin = factory.CreateAdminClient();
        var name = NewModelName();
        (await UploadAsync(admin, name, RegistryTestModels.Model(name))).Dispose();

        var audit = await admin.GetFromJsonAsync<JsonElement>(Url("/api/audit?limit=1000"));

        var entries = audit.GetProperty("entries").EnumerateArray().ToList();
        Assert.Contains(entries, e => e.GetProperty("model").GetString() == name && e.GetProperty("action").GetString() == "version.registered");
        var times = entries.Select(e => e.GetProperty("timestamp").GetDateTimeOffset()).ToList();
        Assert.Equal(times.OrderDescending(), times);
    }

    [Fact]
    public async Task RegisterVersion_MissingModelPart_Is400NamingModel()
    {
        using var client = factory.CreateAdminClient();
        using var form = new MultipartFormDataContent { { new StringContent("{}"), "metadata" } };

        using var response = await client.PostAsync(Url($"/api/models/{NewModelName()}/versions"), form);

        await AssertProblemAsync(response, HttpStatusCode.BadRequest, "model");
    }

    [Fact]
    public async Task RegisterVersion_BadMetadataJson_Is400NamingMetadataAndStoresNothing()
    {
        using var client = factory.CreateAdminClient();
        var name = NewModelName();

        using var response = await UploadAsync(client, name, RegistryTestModels.Model(name), """{"tags": {"team": 1}""");
        using var model = await client.GetAsync(Url($"/api/models/{name}"));

        await AssertProblemAsync(response, HttpStatusCode.BadRequest, "metadata");
        Assert.Equal(HttpStatusCode.NotFound, model.StatusCode);
    }

    [Fact]
    public async Task RegisterVersion_NotMultipart_Is400NamingContentType()
    {
        using var client = factory.CreateAdminClient();
        using var content = new ByteArrayContent(RegistryTestModels.Model("raw"));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");

        using var response = await client.PostAsync(Url($"/api/models/{NewModelName()}/versions"), content);

        await AssertProblemAsync(response, HttpStatusCode.BadRequest, "content-type");
    }

    [Fact]
    public async Task RegisterVersion_UnknownPart_Is400NamingIt()
    {
        using var client = factory.CreateAdminClient();
        using var form = new MultipartFormDataContent
        {
            { new ByteArrayContent(RegistryTestModels.Model("x")), "model", "model.onnx" },
            { new StringContent("x"), "extra" },
        };

        using var response = await client.PostAsync(Url($"/api/models/{NewModelName()}/versions"), form);

        await AssertProblemAsync(response, HttpStatusCode.BadRequest, "extra");
    }

    [Fact]
    public async Task RegisterVersion_InvalidOnnx_Is422AndModelStaysUnknown()
    {
        using var client = factory.CreateAdminClient();
        var name = NewModelName();

        using var response = await UploadAsync(client, name, TestModels.UnknownOperator());
        using var model = await client.GetAsync(Url($"/api/models/{name}"));

        await AssertProblemAsync(response, (HttpStatusCode)422, "model");
        Assert.Equal(HttpStatusCode.NotFound, model.StatusCode);
    }

    [Fact]
    public async Task RegisterVersion_OverUploadLimit_Is413()
    {
        await using var small = new ServerFactory();
        small.Settings["Api:MaxUploadBytes"] = "4096";
        using var client = small.CreateAdminClient();
        var name = NewModelName();

        using var response = await UploadAsync(client, name, RegistryTestModels.Large(4_000));
        using var chunked = await UploadAsync(client, name, RegistryTestModels.Large(4_000), chunked: true);
        using var model = await client.GetAsync(Url($"/api/models/{name}"));

        await AssertProblemAsync(response, HttpStatusCode.RequestEntityTooLarge, "body");
        await AssertProblemAsync(chunked, HttpStatusCode.RequestEntityTooLarge, "body");
        Assert.Equal(HttpStatusCode.NotFound, model.StatusCode);
    }

    [Theory]
    [InlineData("/api/models/{0}")]
    [InlineData("/api/models/{0}/versions")]
    [InlineData("/api/models/{0}/versions/1")]
    [InlineData("/api/models/{0}/versions/1/artifact")]
    [InlineData("/api/models/{0}/aliases/champion")]
    public async Task Get_UnknownModel_Is404(string template)
    {
        using var client = factory.CreateFunctionClient();

        using var response = await client.GetAsync(Url(string.Format(System.Globalization.CultureInfo.InvariantCulture, template, NewModelName())));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.StartsWith("application/problem+json", response.Content.Headers.ContentType?.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetVersion_UnknownVersion_Is404NamingVersion()
    {
        using var admin = factory.CreateAdminClient();
        var name = NewModelName();
        (await UploadAsync(admin, name, RegistryTestModels.Model(name))).Dispose();

        using var response = await admin.GetAsync(Url($"/api/models/{name}/versions/2"));
        using var alias = await admin.PutAsJsonAsync(Url($"/api/models/{name}/aliases/champion"), new { version = 2 });

        await AssertProblemAsync(response, HttpStatusCode.NotFound, "version");
        await AssertProblemAsync(alias, HttpStatusCode.NotFound, "version");
    }

    [Theory]
    [InlineData("/api/models/a..b/versions/1", "name")]
    [InlineData("/api/models/a%2Fb/versions/1", "name")]
    [InlineData("/api/models/ok/versions/01", "version")]
    [InlineData("/api/models/ok/versions/abc", "version")]
    [InlineData("/api/models/ok/aliases/Champion", "alias")]
    [InlineData("/api/models/ok/aliases/a..b", "alias")]
    [InlineData("/api/audit?model=../x", "model")]
    [InlineData("/api/audit?limit=abc", "limit")]
    [InlineData("/api/audit?limit=0", "limit")]
    public async Task Get_InvalidRouteOrQueryValue_Is400NamingIt(string url, string field)
    {
        using var client = factory.CreateAdminClient();

        using var response = await client.GetAsync(Url(url));

        await AssertProblemAsync(response, HttpStatusCode.BadRequest, field);
    }

    [Theory]
    [InlineData("{}")]
    [InlineData("""{"version": 0}""")]
    [InlineData("""{"version": "3"}""")]
    public async Task SetAlias_BadBody_Is400(string json)
    {
        using var client = factory.CreateAdminClient();
        using var content = new StringContent(json, Encoding.UTF8, "application/json");

        using var response = await client.PutAsync(Url($"/api/models/{NewModelName()}/aliases/champion"), content);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task DeleteAlias_Absent_Is404()
    {
        using var client = factory.CreateAdminClient();
        var name = NewModelName();
        (await UploadAsync(client, name, RegistryTestModels.Model(name))).Dispose();

        using var response = await client.DeleteAsync(Url($"/api/models/{name}/aliases/champion"));

        await AssertProblemAsync(response, HttpStatusCode.NotFound, "alias");
    }

    [Fact]
    public async Task AdminRoutes_FunctionKey_Are403()
    {
        using var client = factory.CreateFunctionClient();
        var name = NewModelName();

        using var upload = await UploadAsync(client, name, RegistryTestModels.Model(name));
        using var set = await client.PutAsJsonAsync(Url($"/api/models/{name}/aliases/champion"), new { version = 1 });
        using var delete = await client.DeleteAsync(Url($"/api/models/{name}/aliases/champion"));
        using var audit = await client.GetAsync(Url("/api/audit"));
        using var model = await client.GetAsync(Url($"/api/models/{name}"));

        Assert.All([upload, set, delete, audit], r => Assert.Equal(HttpStatusCode.Forbidden, r.StatusCode));
        Assert.Equal(HttpStatusCode.NotFound, model.StatusCode);
    }

    [Fact]
    public async Task PatchVersion_DescriptionAndTags_Is200WithTheVersionAsGetReturnsIt()
    {
        using var admin = factory.CreateAdminClient();
        using var reader = factory.CreateFunctionClient();
        var name = NewModelName();
        (await UploadAsync(admin, name, RegistryTestModels.Model(name), """{"description": "first", "tags": {"team": "growth", "stage": "candidate"}, "metrics": {"auc": 0.91}}""")).Dispose();

        using var response = await PatchAsync(admin, $"/api/models/{name}/versions/1", """{"description": "second", "tags": {"stage": "production", "team": null}}""");
        var patched = await response.Content.ReadAsStringAsync();
        var got = await reader.GetStringAsync(Url($"/api/models/{name}/versions/1"));
        var audit = await admin.GetFromJsonAsync<JsonElement>(Url($"/api/audit?model={name}&limit=2"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(got, patched);
        var body = JsonDocument.Parse(patched).RootElement;
        Assert.Equal("second", body.GetProperty("description").GetString());
        Assert.Equal("""{"stage":"production"}""", body.GetProperty("tags").GetRawText());
        Assert.Equal(0.91, body.GetProperty("metrics").GetProperty("auc").GetDouble());
        Assert.Equal(
            ["version.description.updated", "version.tags.updated"],
            audit.GetProperty("entries").EnumerateArray().Select(e => e.GetProperty("action").GetString()).Order(StringComparer.Ordinal));
        Assert.All(audit.GetProperty("entries").EnumerateArray(), e => Assert.Equal("admin", e.GetProperty("actor").GetString()));
    }

    [Fact]
    public async Task PatchVersion_NullDescription_RemovesItAndKeepsTags()
    {
        using var admin = factory.CreateAdminClient();
        var name = NewModelName();
        (await UploadAsync(admin, name, RegistryTestModels.Model(name), """{"description": "first", "tags": {"team": "growth"}}""")).Dispose();

        using var response = await PatchAsync(admin, $"/api/models/{name}/versions/1", """{"description": null}""");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.False(body.TryGetProperty("description", out _));
        Assert.Equal("growth", body.GetProperty("tags").GetProperty("team").GetString());
    }

    [Theory]
    [InlineData("", "body")]
    [InlineData("{}", "body")]
    [InlineData("[]", "body")]
    [InlineData("null", "body")]
    [InlineData("\"text\"", "body")]
    [InlineData("""{"metrics": {"auc": 1}}""", "metrics")]
    [InlineData("""{"description": "ok", "signature": {}}""", "signature")]
    [InlineData("""{"description": 3}""", "description")]
    [InlineData("""{"tags": ["a"]}""", "tags")]
    [InlineData("""{"tags": {"stage": 1}}""", "tags.stage")]
    [InlineData("""{"tags": {"": "v"}}""", "tags")]
    public async Task PatchVersion_BadBody_Is400NamingFieldAndChangesNothing(string json, string field)
    {
        using var admin = factory.CreateAdminClient();
        var name = NewModelName();
        (await UploadAsync(admin, name, RegistryTestModels.Model(name), """{"description": "first"}""")).Dispose();
        var before = await admin.GetStringAsync(Url($"/api/models/{name}/versions/1"));

        using var response = await PatchAsync(admin, $"/api/models/{name}/versions/1", json);

        await AssertProblemAsync(response, HttpStatusCode.BadRequest, field);
        Assert.Equal(before, await admin.GetStringAsync(Url($"/api/models/{name}/versions/1")));
    }

    [Fact]
    public async Task PatchVersion_UnknownModelOrVersion_Is404NamingIt()
    {
        using var admin = factory.CreateAdminClient();
        var name = NewModelName();
        (await UploadAsync(admin, name, RegistryTestModels.Model(name))).Dispose();

        using var version = await PatchAsync(admin, $"/api/models/{name}/versions/2", """{"description": "x"}""");
        using var model = await PatchAsync(admin, $"/api/models/{NewModelName()}/versions/1", """{"description": "x"}""");

        await AssertProblemAsync(version, HttpStatusCode.NotFound, "version");
        await AssertProblemAsync(model, HttpStatusCode.NotFound, "name");
    }

    [Fact]
    public async Task PatchVersion_WithoutAdminKey_Is401Or403AndChangesNothing()
    {
        using var admin = factory.CreateAdminClient();
        using var reader = factory.CreateFunctionClient();
        using var anonymous = factory.CreateClient();
        var name = NewModelName();
        (await UploadAsync(admin, name, RegistryTestModels.Model(name), """{"description": "first"}""")).Dispose();

        using var function = await PatchAsync(reader, $"/api/models/{name}/versions/1", """{"description": "x"}""");
        using var none = await PatchAsync(anonymous, $"/api/models/{name}/versions/1", """{"description": "x"}""");

        Assert.Equal(HttpStatusCode.Forbidden, function.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, none.StatusCode);
        Assert.Equal("first", (await reader.GetFromJsonAsync<JsonElement>(Url($"/api/models/{name}/versions/1"))).GetProperty("description").GetString());
    }

    private static string NewModelName() => "srv-" + Guid.NewGuid().ToString("N")[..12];

    private static Uri Url(string relative) => new(relative, UriKind.Relative);

    private static string? Optional(JsonElement element, string property) =>
        element.TryGetProperty(property, out var value) ? value.GetString() : null;

    private static async Task<HttpResponseMessage> UploadAsync(HttpClient client, string name, byte[] model, string? metadata = null, bool chunked = false)
    {
        using var form = new MultipartFormDataContent();
        if (metadata is not null)
        {
            form.Add(new StringContent(metadata, Encoding.UTF8, "application/json"), "metadata");
        }

        form.Add(new ByteArrayContent(model), "model", "model.onnx");
        using var request = new HttpRequestMessage(HttpMethod.Post, Url($"/api/models/{name}/versions")) { Content = form };
        if (chunked)
        {
            // Forces the body-limit check while streaming (no Content-Length to reject up front).
            request.Content = new StreamContent(await form.ReadAsStreamAsync());
            request.Content.Headers.ContentType = form.Headers.ContentType;
            request.Headers.TransferEncodingChunked = true;
        }

        return await client.SendAsync(request);
    }

    private static async Task<HttpResponseMessage> PatchAsync(HttpClient client, string url, string json)
    {
        using var content = new StringContent(json, Encoding.UTF8, "application/json");
        return await client.PatchAsync(Url(url), content);
    }

    private static async Task AssertProblemAsync(HttpResponseMessage response, HttpStatusCode status, string field)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(status == response.StatusCode, $"Expected {(int)status}, got {(int)response.StatusCode}: {text}");
        Assert.StartsWith("application/problem+json", response.Content.Headers.ContentType?.ToString(), StringComparison.Ordinal);
        using var problem = JsonDocument.Parse(text);
        Assert.Equal(field, problem.RootElement.GetProperty("field").GetString());
    }
}
