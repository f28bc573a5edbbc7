using System.Text.Json;
using Azure.Messaging;
using Azure.Messaging.EventGrid;
using Microsoft.Extensions.Logging;
using Mlops.Core.Api;
using Mlops.Core.Diagnostics;

namespace Mlops.Core.Pipelines.Triggers;

/// <summary>
/// The Event Grid webhook of the server (<c>POST /runtime/webhooks/eventgrid</c>): answers the subscription-validation
/// handshake and hands notifications (Event Grid schema arrays, CloudEvents 1.0 single or batch) to the blob event
/// handler. A storage or engine failure is a 503, so Event Grid redelivers; the instance ids make that harmless.
/// </summary>
internal sealed class EventGridWebhookApi(IBlobEventHandler handler, ILogger<EventGridWebhookApi> logger)
{
    private const string EventTypeHeader = "aeg-event-type";

    public async Task<ApiResponse> PostAsync(ApiRequest request, CancellationToken cancellationToken)
    {
        var body = BinaryData.FromBytes(await request.ReadBodyAsync(cancellationToken).ConfigureAwait(false));
        if (body.ToMemory().Span.Trim(" \t\r\n"u8).IsEmpty)
        {
            throw MlopsException.Validation("The request body is empty; Event Grid delivers a JSON array of events or a CloudEvent.", "body");
        }

        var deliveryKind = request.GetHeader(EventTypeHeader);
        if (string.Equals(deliveryKind, "SubscriptionDeletion", StringComparison.OrdinalIgnoreCase))
        {
            return ApiResponse.Empty(200);
        }

        IReadOnlyList<BlobEventResult> results;
        try
        {
            if (IsCloudEvents(request.ContentType, body))
            {
                var cloudEvents = ParseCloudEvents(request.ContentType, body);
                results = await handler.HandleAsync(cloudEvents, request.GetFeature<IPipelineClient>(), cancellationToken).ConfigureAwait(false);
            }
            else
            {
                var events = ParseEventGridEvents(body);
                if (events.FirstOrDefault(e => e.EventType == BlobEvents.SubscriptionValidation) is { } validation
                    || (string.Equals(deliveryKind, "SubscriptionValidation", StringComparison.OrdinalIgnoreCase) && (validation = events.FirstOrDefault()) is not null))
                {
                    return Validate(validation);
                }

                results = await handler.HandleAsync(events, request.GetFeature<IPipelineClient>(), cancellationToken).ConfigureAwait(false);
            }
        }
        catch (Exception ex) when (ex is not MlopsException and not OperationCanceledException)
        {
            throw MlopsException.Unavailable($"Handling the events failed and should be redelivered: {ex.Message}", ex);
        }

        return ApiResponse.Json(new WebhookResult(results));
    }

    /// <summary>
    /// The CloudEvents webhook abuse-protection handshake (an OPTIONS request), which Event Grid sends before delivering
    /// CloudEvents: allow the origin that asks.
    /// </summary>
    public Task<ApiResponse> OptionsAsync(ApiRequest request, CancellationToken cancellationToken)
    {
        var origin = request.GetHeader("WebHook-Request-Origin");
        var response = ApiResponse.Empty(200);
        if (!string.IsNullOrEmpty(origin))
        {
            response.WithHeader("WebHook-Allowed-Origin", origin).WithHeader("WebHook-Allowed-Rate", "*");
        }

        return Task.FromResult(response);
    }

    private ApiResponse Validate(EventGridEvent validation)
    {
        string? code = null;
        try
        {
            using var document = JsonDocument.Parse(validation.Data.ToMemory());
            if (document.RootElement.ValueKind == JsonValueKind.Object
                && document.RootElement.TryGetProperty("validationCode", out var value)
                && value.ValueKind == JsonValueKind.String)
            {
                code = value.GetString();
            }
        }
        catch (JsonException)
        {
            code = null;
        }

        if (string.IsNullOrEmpty(code))
        {
            throw MlopsException.Validation("The subscription validation event carries no data.validationCode.", "data.validationCode");
        }

        PipelineLog.SubscriptionValidated(logger, validation.Topic);
        return ApiResponse.Json(new ValidationResult(code));
    }

    private static bool IsCloudEvents(string? contentType, BinaryData body)
    {
        if (contentType is not null && contentType.StartsWith("application/cloudevents", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        // Plain application/json: a CloudEvent (or a batch of them) has "specversion", an Event Grid event does not.
        try
        {
            using var document = JsonDocument.Parse(body.ToMemory());
            var first = document.RootElement.ValueKind == JsonValueKind.Array
                ? document.RootElement.EnumerateArray().FirstOrDefault()
                : document.RootElement;
            return first.ValueKind == JsonValueKind.Object && first.TryGetProperty("specversion", out _);
        }
        catch (JsonException ex)
        {
            throw MlopsException.Validation($"The request body is not valid JSON: {ex.Message}", "body", ex);
        }
    }

    private static CloudEvent[] ParseCloudEvents(string? contentType, BinaryData body)
    {
        try
        {
            var batch = contentType?.StartsWith("application/cloudevents-batch", StringComparison.OrdinalIgnoreCase) == true
                || body.ToMemory().Span.TrimStart(" \t\r\n"u8) is [(byte)'[', ..];
            return batch ? CloudEvent.ParseMany(body) : [CloudEvent.Parse(body) ?? throw new ArgumentException("The body is null.")];
        }
        catch (Exception ex) when (ex is ArgumentException or JsonException or FormatException)
        {
            throw MlopsException.Validation($"The body is not a CloudEvents 1.0 event or batch: {ex.Message}", "body", ex);
        }
    }

    private static EventGridEvent[] ParseEventGridEvents(BinaryData body)
    {
        try
        {
            return EventGridEvent.ParseMany(body);
        }
        catch (Exception ex) when (ex is ArgumentException or JsonException or FormatException or InvalidOperationException)
        {
            throw MlopsException.Validation($"The body is not an array of Event Grid events: {ex.Message}", "body", ex);
        }
    }

    private sealed record ValidationResult(string ValidationResponse);

    private sealed record WebhookResult(IReadOnlyList<BlobEventResult> Results);
}
