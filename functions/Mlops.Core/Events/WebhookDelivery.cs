using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using Azure.Data.Tables;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Polly;
using Polly.Retry;
using Polly.Timeout;

namespace Mlops.Core.Events;

/// <summary>See <see cref="IEventDelivery"/>. One delivery attempt = one round of quick retries; rounds back off in the outbox.</summary>
internal sealed class WebhookDelivery(
    EventOutbox outbox,
    OutboxSignal signal,
    IHttpClientFactory httpClients,
    IOptionsMonitor<EventsOptions> options,
    TimeProvider time,
    ILogger<WebhookDelivery> logger) : IEventDelivery
{
    public const string HttpClientName = "mlops-webhooks";
    public const string SignatureHeader = "x-mlops-signature";
    private const int BatchSize = 50;

    private Task _signal = signal.Current;

    public async Task<DateTimeOffset?> DeliverDueAsync(CancellationToken cancellationToken = default)
    {
        _signal = signal.Current;
        var settings = options.CurrentValue;
        var pipeline = BuildPipeline(settings);
        DateTimeOffset? next = null;
        foreach (var (name, webhook) in settings.Webhooks)
        {
            var now = time.GetUtcNow();
            var (due, later) = await outbox.ListDueAsync(name, now, BatchSize, cancellationToken).ConfigureAwait(false);
            next = Earliest(next, later);
            foreach (var row in due)
            {
                next = Earliest(next, await DeliverOneAsync(name, webhook, row, settings, pipeline, cancellationToken).ConfigureAwait(false));
            }

            if (due.Count == BatchSize)
            {
                next = Earliest(next, now);
            }
        }

        return next;
    }

    public async Task WaitForWorkAsync(DateTimeOffset? until, CancellationToken cancellationToken = default)
    {
        var poll = options.CurrentValue.PollInterval;
        var timeout = until is { } at ? at - time.GetUtcNow() : poll;
        if (timeout > poll)
        {
            timeout = poll;
        }

        if (timeout <= TimeSpan.Zero || _signal.IsCompleted)
        {
            return;
        }

        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        await Task.WhenAny(_signal, Task.Delay(timeout, time, cancel.Token)).ConfigureAwait(false);
        await cancel.CancelAsync().ConfigureAwait(false);
        cancellationToken.ThrowIfCancellationRequested();
    }

    public Task<OutboxEntry?> FindAsync(string subscriber, string eventId, CancellationToken cancellationToken = default) =>
        outbox.FindAsync(subscriber, eventId, cancellationToken);

    private async Task<DateTimeOffset?> DeliverOneAsync(
        string name,
        WebhookSubscription webhook,
        TableEntity due,
        EventsOptions settings,
        ResiliencePipeline<HttpResponseMessage> pipeline,
        CancellationToken cancellationToken)
    {
        // Claim the row for as long as a round can take, so another host sharing the outbox does not send it meanwhile.
        var round = settings.RequestTimeout * (settings.ImmediateRetries + 1) + settings.ImmediateRetryDelay * Math.Pow(2, settings.ImmediateRetries);
        var claimed = await outbox.ClaimAsync(due, time.GetUtcNow() + round, cancellationToken).ConfigureAwait(false);
        if (claimed is null)
        {
            return null;
        }

        var eventId = EventOutbox.EventIdOf(claimed);
        var record = await outbox.FindRecordAsync(name, eventId, cancellationToken).ConfigureAwait(false);
        if (record is null)
        {
            return null;
        }

        var body = record.GetBinary("Event") ?? [];
        var attempts = (record.GetInt32("Attempts") ?? 0) + 1;
        var (status, error) = await SendAsync(webhook, body, eventId, record.GetString("Type"), attempts, pipeline, cancellationToken).ConfigureAwait(false);
        if (error is null)
        {
            await outbox.RecordAsync(record, claimed, OutboxStatus.Delivered, attempts, status, null, null, cancellationToken).ConfigureAwait(false);
            EventsLog.Delivered(logger, eventId, name, attempts, status ?? 0);
            return null;
        }

        if (attempts >= settings.MaxAttempts)
        {
            await outbox.RecordAsync(record, claimed, OutboxStatus.Failed, attempts, status, error, null, cancellationToken).ConfigureAwait(false);
            EventsLog.DeliveryAbandoned(logger, eventId, name, attempts, error);
            return null;
        }

        var next = time.GetUtcNow() + Backoff(settings, attempts);
        await outbox.RecordAsync(record, claimed, OutboxStatus.Pending, attempts, status, error, next, cancellationToken).ConfigureAwait(false);
        EventsLog.DeliveryFailed(logger, eventId, name, attempts, error, next);
        return next;
    }

    private async Task<(int? Status, string? Error)> SendAsync(
        WebhookSubscription webhook,
        byte[] body,
        string eventId,
        string? type,
        int attempt,
        ResiliencePipeline<HttpResponseMessage> pipeline,
        CancellationToken cancellationToken)
    {
        var client = httpClients.CreateClient(HttpClientName);
        var signature = string.IsNullOrEmpty(webhook.Secret) ? null : Sign(webhook.Secret, body);
        try
        {
            using var response = await pipeline.ExecuteAsync(
                async token =>
                {
                    using var request = new HttpRequestMessage(HttpMethod.Post, webhook.Url) { Content = new ByteArrayContent(body) };
                    request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/cloudevents+json") { CharSet = "utf-8" };
                    request.Headers.Add("x-mlops-event-id", eventId);
                    request.Headers.Add("x-mlops-event-type", type);
                    request.Headers.Add("x-mlops-delivery-attempt", attempt.ToString(System.Globalization.CultureInfo.InvariantCulture));
                    if (signature is not null)
                    {
                        request.Headers.Add(SignatureHeader, signature);
                    }

                    return await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, token).ConfigureAwait(false);
                },
                cancellationToken).ConfigureAwait(false);
            var status = (int)response.StatusCode;
            return response.IsSuccessStatusCode ? (status, null) : (status, $"HTTP {status} {response.ReasonPhrase}");
        }
        catch (Exception ex) when (ex is HttpRequestException or TimeoutRejectedException
            || (ex is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            return (null, ex.Message);
        }
    }

    /// <summary>The signature header's value: <c>sha256=</c> and the lower-case hex HMAC-SHA256 of the body.</summary>
    public static string Sign(string secret, ReadOnlySpan<byte> body) =>
        "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), body));

    private ResiliencePipeline<HttpResponseMessage> BuildPipeline(EventsOptions settings)
    {
        var builder = new ResiliencePipelineBuilder<HttpResponseMessage> { TimeProvider = time };
        if (settings.ImmediateRetries > 0)
        {
            builder.AddRetry(new RetryStrategyOptions<HttpResponseMessage>
            {
                ShouldHandle = new PredicateBuilder<HttpResponseMessage>()
                    .Handle<HttpRequestException>()
                    .Handle<TimeoutRejectedException>()
                    .HandleResult(response => IsTransient(response.StatusCode)),
                MaxRetryAttempts = settings.ImmediateRetries,
                Delay = settings.ImmediateRetryDelay,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                OnRetry = args =>
                {
                    args.Outcome.Result?.Dispose();
                    return default;
                },
            });
        }

        return builder.AddTimeout(settings.RequestTimeout).Build();
    }

    private static bool IsTransient(HttpStatusCode status) =>
        (int)status >= 500 || status is HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests;

    private static TimeSpan Backoff(EventsOptions settings, int attempts)
    {
        var ticks = settings.RetryDelay.Ticks * Math.Pow(2, Math.Min(attempts - 1, 30));
        return ticks >= settings.MaxRetryDelay.Ticks ? settings.MaxRetryDelay : TimeSpan.FromTicks((long)ticks);
    }

    private static DateTimeOffset? Earliest(DateTimeOffset? a, DateTimeOffset? b) =>
        a is null ? b : b is null ? a : a < b ? a : b;
}
