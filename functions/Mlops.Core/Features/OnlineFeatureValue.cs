namespace Mlops.Core.Features;

/// <summary>One feature value of one entity in an online read (Feast: a value, its status and its event time).</summary>
/// <param name="Value">A <see cref="double"/> or a <see cref="string"/> (by the feature's type); null when not found or missing.</param>
/// <param name="Status">Present, not found, null value or outside the view's TTL.</param>
/// <param name="EventTimestamp">The event time of the row the value comes from; null when not found.</param>
public readonly record struct OnlineFeatureValue(object? Value, FeatureStatus Status, DateTimeOffset? EventTimestamp);
