namespace Mlops.Core.Monitoring.Drift;

/// <summary>How a column is compared: as numbers or as categories.</summary>
public enum DriftColumnType
{
    /// <summary>Numeric values (timestamps as Unix seconds).</summary>
    Numerical,

    /// <summary>Categories (booleans as <c>true</c>/<c>false</c>).</summary>
    Categorical,
}
