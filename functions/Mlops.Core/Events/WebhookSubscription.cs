namespace Mlops.Core.Events;

/// <summary>A webhook that receives every platform event (<c>Events:Webhooks:{name}:Url</c> and <c>:Secret</c>).</summary>
public sealed class WebhookSubscription
{
    /// <summary>Where events are POSTed (CloudEvents structured mode, <c>application/cloudevents+json</c>).</summary>
    public Uri? Url { get; set; }

    /// <summary>
    /// Signs each body: header <c>x-mlops-signature: sha256=&lt;hex HMAC-SHA256(secret, body)&gt;</c>. Without it bodies are
    /// sent unsigned.
    /// </summary>
    public string? Secret { get; set; }
}
