namespace Mlops.Core.Features;

/// <summary>The type of a feature's values.</summary>
public enum FeatureValueType
{
    /// <summary>A 64-bit floating-point number (<see cref="double"/>).</summary>
    Number,

    /// <summary>Text (<see cref="string"/>), for passthrough categorical columns.</summary>
    Text,
}
