namespace Mlops.Core.Features.PointInTime;

/// <summary>Why an entity row got, or did not get, a view's values (Feast's statuses).</summary>
internal enum AsOfStatus : byte
{
    /// <summary>The entity has no feature row at or before the row's time (later rows are never used).</summary>
    NotFound,

    /// <summary>A feature row was found at or before the row's time, within the view's TTL.</summary>
    Present,

    /// <summary>The latest feature row at or before the row's time is older than the view's TTL.</summary>
    OutsideMaxAge,
}
