namespace Mlops.Workflows.Engine;

/// <summary>A received control message not yet deleted; the pop receipt changes if it is redelivered meanwhile.</summary>
internal sealed class HeldMessage(string messageId, string popReceipt)
{
    public string MessageId { get; } = messageId;

    public string PopReceipt { get; set; } = popReceipt;
}
