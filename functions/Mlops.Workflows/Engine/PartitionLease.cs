using System.Globalization;
using Azure;
using Azure.Data.Tables;

namespace Mlops.Workflows.Engine;

/// <summary>
/// Who runs a partition, until when; a host wanting a share sets <see cref="RequestedBy"/> and the owner hands the
/// partition over at its next renewal. Written with ETags, so two hosts never both acquire it.
/// </summary>
internal sealed record PartitionLease(int Partition, string Owner, DateTimeOffset ExpiresAt, string RequestedBy, DateTimeOffset RequestedAt, ETag ETag)
{
    public static PartitionLease Free(int partition) => new(partition, string.Empty, DateTimeOffset.MinValue, string.Empty, DateTimeOffset.MinValue, ETag.All);

    public static PartitionLease FromEntity(int partition, TableEntity entity) => new(
        partition,
        entity.GetString(nameof(Owner)) ?? string.Empty,
        entity.GetDateTimeOffset(nameof(ExpiresAt)) ?? DateTimeOffset.MinValue,
        entity.GetString(nameof(RequestedBy)) ?? string.Empty,
        entity.GetDateTimeOffset(nameof(RequestedAt)) ?? DateTimeOffset.MinValue,
        entity.ETag);

    public bool IsHeld(DateTimeOffset now) => Owner.Length > 0 && ExpiresAt > now;

    public TableEntity ToEntity(string partitionKey) => new(partitionKey, Partition.ToString("D2", CultureInfo.InvariantCulture))
    {
        [nameof(Owner)] = Owner,
        [nameof(ExpiresAt)] = Clamp(ExpiresAt),
        [nameof(RequestedBy)] = RequestedBy,
        [nameof(RequestedAt)] = Clamp(RequestedAt),
    };

    // Table storage keeps dates from 1601 on.
    private static DateTimeOffset Clamp(DateTimeOffset value) =>
        value < new DateTimeOffset(1601, 1, 2, 0, 0, 0, TimeSpan.Zero) ? new DateTimeOffset(1601, 1, 2, 0, 0, 0, TimeSpan.Zero) : value;
}
