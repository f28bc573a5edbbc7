namespace Mlops.Core.Features;

/// <summary>One entity's values in an online read.</summary>
/// <param name="Entity">The entity asked for.</param>
/// <param name="EventTimestamp">The event time of the stored row; null when the entity has none.</param>
/// <param name="Values">One value per feature of <see cref="OnlineFeatureResult.Features"/>, in that order.</param>
public sealed record OnlineFeatureRow(EntityKey Entity, DateTimeOffset? EventTimestamp, IReadOnlyList<OnlineFeatureValue> Values)
{
    /// <summary>Whether the store holds a row for the entity.</summary>
    public bool Found => EventTimestamp is not null;
}
