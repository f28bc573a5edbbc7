namespace Mlops.Core.Events;

/// <summary>Delivery statuses kept in the outbox.</summary>
internal static class OutboxStatus
{
    public const string Pending = "pending";
    public const string Delivered = "delivered";
    public const string Failed = "failed";
}
