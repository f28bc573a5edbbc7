using Azure;
using Azure.Identity;
using Azure.Messaging;
using Azure.Messaging.EventGrid;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Mlops.Core.Events;

/// <summary>Sends events to an Event Grid topic (CloudEvents schema) with the SDK's own retries.</summary>
internal sealed class EventGridTopicPublisher : IEventPublisher
{
    private readonly EventGridPublisherClient _client;
    private readonly ILogger<EventGridTopicPublisher> _logger;

    public EventGridTopicPublisher(IOptions<EventsOptions> options, IConfiguration configuration, ILogger<EventGridTopicPublisher> logger)
    {
        var settings = options.Value;
        var endpoint = settings.TopicEndpoint ?? throw new InvalidOperationException("Events:TopicEndpoint is not set.");
        _client = string.IsNullOrEmpty(settings.TopicKey)
            ? new EventGridPublisherClient(endpoint, new DefaultAzureCredential(new DefaultAzureCredentialOptions
            {
                // The app's user-assigned identity, as for storage (AzureWebJobsStorage__clientId).
                ManagedIdentityClientId = configuration["AzureWebJobsStorage:clientId"],
            }))
            : new EventGridPublisherClient(endpoint, new AzureKeyCredential(settings.TopicKey));
        _logger = logger;
    }

    public async Task PublishAsync(CloudEvent cloudEvent, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(cloudEvent);
        await _client.SendEventAsync(cloudEvent, cancellationToken).ConfigureAwait(false);
        EventsLog.SentToTopic(_logger, cloudEvent.Id, cloudEvent.Type);
    }
}
