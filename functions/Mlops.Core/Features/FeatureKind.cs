namespace Mlops.Core.Features;

/// <summary>How a feature is computed from its source rows.</summary>
public enum FeatureKind
{
    /// <summary>A source column copied as it is.</summary>
    Passthrough,

    /// <summary>An expression over the row's columns.</summary>
    Derived,

    /// <summary>An aggregate over the entity's rows in a trailing time window.</summary>
    Aggregate,
}
