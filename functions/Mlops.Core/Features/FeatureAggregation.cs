namespace Mlops.Core.Features;

/// <summary>Aggregate functions of windowed features; missing values are skipped (count counts rows with a value).</summary>
public enum FeatureAggregation
{
    /// <summary>The number of rows (with a value, when a column or expression is given).</summary>
    Count,

    /// <summary>The sum (0 over no values).</summary>
    Sum,

    /// <summary>The arithmetic mean (missing over no values).</summary>
    Mean,

    /// <summary>The smallest value (missing over no values).</summary>
    Min,

    /// <summary>The largest value (missing over no values).</summary>
    Max,
}
