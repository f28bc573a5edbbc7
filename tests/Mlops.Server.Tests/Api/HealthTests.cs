using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Mlops.Server.Tests.Infrastructure;

namespace Mlops.Server.Tests.Api;

public sealed class HealthTests(ServerFactory factory) : IClassFixture<ServerFactory>
{
    [Fact]
    public async Task Health_NoKey_IsOk()
    {
        using var client = factory.CreateClient();

        using var response = await client.GetAsync(new Uri("/api/health", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("ok", body.GetProperty("status").GetString());
        Assert.True(response.Headers.Contains("x-request-id"));
    }

    [Fact]
    public async Task UnknownRoute_Is404()
    {
        using var client = factory.CreateClient();

        using var response = await client.GetAsync(new Uri("/api/nothing-here", UriKind.Relative));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }
}
