namespace Mlops.Core.Features;

/// <summary>The status of one feature value in an online read, as Feast's <c>FieldStatus</c>.</summary>
public enum FeatureStatus
{
    /// <summary>The value is present and within the view's TTL (Feast <c>PRESENT</c>).</summary>
    Present,

    /// <summary>The entity has no row in the online store (Feast <c>NOT_FOUND</c>).</summary>
    NotFound,

    /// <summary>The entity has a row but this feature's value is missing (Feast <c>NULL_VALUE</c>).</summary>
    NullValue,

    /// <summary>The value's event time is older than now − TTL (Feast <c>OUTSIDE_MAX_AGE</c>); the value is still returned.</summary>
    OutsideMaxAge,
}
