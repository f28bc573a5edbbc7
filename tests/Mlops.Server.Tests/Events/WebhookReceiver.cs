using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Mlops.Server.Tests.Events;

/// <summary>A tiny Kestrel listener on 127.0.0.1 that records what webhooks receive and can answer with failures first.</summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private int _failures;

    private WebhookReceiver(WebApplication app)
    {
        _app = app;
    }

    public ConcurrentQueue<ReceivedRequest> Requests { get; } = new();

    public Uri Url { get; private set; } = null!;

    public static async Task<WebhookReceiver> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var receiver = new WebhookReceiver(builder.Build());
        receiver._app.Run(receiver.HandleAsync);
        await receiver._app.StartAsync();
        var address = receiver._app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        receiver.Url = new Uri(address + "/hook");
        return receiver;
    }

    /// <summary>Answers the next <paramref name="count"/> requests with 500.</summary>
    public void FailNext(int count) => Interlocked.Exchange(ref _failures, count);

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private async Task HandleAsync(HttpContext context)
    {
        using var buffer = new MemoryStream();
        await context.Request.Body.CopyToAsync(buffer);
        var headers = context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase);
        var fail = Interlocked.Decrement(ref _failures) >= 0;
        Requests.Enqueue(new ReceivedRequest(context.Request.Path, context.Request.ContentType, headers, buffer.ToArray(), fail ? 500 : 200));
        context.Response.StatusCode = fail ? 500 : 200;
    }

    public sealed record ReceivedRequest(string Path, string? ContentType, IReadOnlyDictionary<string, string> Headers, byte[] Body, int AnsweredWith);
}
