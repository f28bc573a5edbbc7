namespace Mlops.Core.Diagnostics;

/// <summary>
/// Stable event-id ranges per area, so dashboards and alerts can key on them. Each area's
/// <c>[LoggerMessage]</c> methods take ids from its range.
/// </summary>
public static class LogEvents
{
    /// <summary>HTTP API dispatch: 1000–1099.</summary>
    public const int Api = 1000;

    /// <summary>Model registry: 1100–1199.</summary>
    public const int Registry = 1100;

    /// <summary>Serving: 1200–1299.</summary>
    public const int Serving = 1200;

    /// <summary>Prediction log: 1300–1399.</summary>
    public const int PredictionLog = 1300;

    /// <summary>Storage: 1400–1499.</summary>
    public const int Storage = 1400;

    /// <summary>Training: 1500–1599.</summary>
    public const int Training = 1500;

    /// <summary>Workflows: 1600–1699.</summary>
    public const int Workflows = 1600;

    /// <summary>Monitoring: 1700–1799.</summary>
    public const int Monitoring = 1700;

    /// <summary>Feature store: 1800–1899.</summary>
    public const int Features = 1800;

    /// <summary>Platform events: 1900–1999.</summary>
    public const int Events = 1900;
}
