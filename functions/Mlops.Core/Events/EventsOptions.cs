using System.ComponentModel.DataAnnotations;

namespace Mlops.Core.Events;

/// <summary>Platform events (section <c>Events</c>).</summary>
public sealed class EventsOptions : IValidatableObject
{
    /// <summary>The configuration section name.</summary>
    public const string SectionName = "Events";

    /// <summary>The CloudEvents <c>source</c> of every event. Default <c>/mlops</c>.</summary>
    public string Source { get; set; } = "/mlops";

    /// <summary>
    /// An Event Grid topic endpoint (CloudEvents schema); when set, events go there instead of the outbox. Authenticated with
    /// <see cref="TopicKey"/> when set, else with managed identity (<c>AzureWebJobsStorage__clientId</c> names a user-assigned one).
    /// </summary>
    public Uri? TopicEndpoint { get; set; }

    /// <summary>The topic's access key; prefer managed identity.</summary>
    public string? TopicKey { get; set; }

    /// <summary>Webhook subscribers by name (names are table keys: no <c>/ \ # ?</c>).</summary>
    public Dictionary<string, WebhookSubscription> Webhooks { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Longest sleep of the delivery loop when nothing is due. Default 30 s.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "01:00:00", ErrorMessage = "Events:PollInterval must be between 10 ms and 1 hour.")]
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Deliveries of one event to one webhook before it is marked failed. Default 12.</summary>
    [Range(1, 1000, ErrorMessage = "Events:MaxAttempts must be between 1 and 1000.")]
    public int MaxAttempts { get; set; } = 12;

    /// <summary>Quick retries (Polly, with jittered exponential backoff) within one delivery attempt. Default 2.</summary>
    [Range(0, 10, ErrorMessage = "Events:ImmediateRetries must be between 0 and 10.")]
    public int ImmediateRetries { get; set; } = 2;

    /// <summary>First delay of the quick retries. Default 1 s.</summary>
    [Range(typeof(TimeSpan), "00:00:00.001", "00:01:00", ErrorMessage = "Events:ImmediateRetryDelay must be between 1 ms and 1 min.")]
    public TimeSpan ImmediateRetryDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Delay before the second delivery attempt, doubled per further attempt. Default 30 s.</summary>
    [Range(typeof(TimeSpan), "00:00:00.001", "01:00:00", ErrorMessage = "Events:RetryDelay must be between 1 ms and 1 hour.")]
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Longest delay between delivery attempts. Default 1 h.</summary>
    [Range(typeof(TimeSpan), "00:00:00.001", "1.00:00:00", ErrorMessage = "Events:MaxRetryDelay must be between 1 ms and 1 day.")]
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Timeout of one HTTP request to a webhook. Default 30 s.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:10:00", ErrorMessage = "Events:RequestTimeout must be between 100 ms and 10 min.")]
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <inheritdoc />
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        foreach (var (name, webhook) in Webhooks)
        {
            if (name.Length is 0 or > 100 || name.AsSpan().IndexOfAny(['/', '\\', '#', '?', '|']) >= 0 || name.Any(char.IsControl))
            {
                yield return new ValidationResult($"Events:Webhooks name '{name}' must be 1-100 characters without '/', '\\', '#', '?', '|' or control characters.");
            }

            if (webhook.Url is not { IsAbsoluteUri: true } url || (url.Scheme != Uri.UriSchemeHttps && url.Scheme != Uri.UriSchemeHttp))
            {
                yield return new ValidationResult($"Events:Webhooks:{name}:Url must be an absolute http(s) URL.");
            }
        }

        if (TopicEndpoint is { IsAbsoluteUri: false })
        {
            yield return new ValidationResult("Events:TopicEndpoint must be an absolute URL.");
        }
    }
}
