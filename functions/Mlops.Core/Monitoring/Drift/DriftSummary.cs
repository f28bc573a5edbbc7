namespace Mlops.Core.Monitoring.Drift;

/// <summary>One past drift check, as the report's trend chart and a history list show it.</summary>
/// <param name="CheckedAt">When the check ran (or the end of its window).</param>
/// <param name="Status">Whether it produced a verdict.</param>
/// <param name="DriftShare">The share of tested features that drifted.</param>
/// <param name="DatasetDrift">The data set verdict.</param>
/// <param name="DriftedFeatures">Features that drifted.</param>
/// <param name="TestedFeatures">Features tested.</param>
/// <param name="CurrentRows">Rows checked.</param>
/// <param name="PredictionDrift">Whether a prediction column drifted, when one was tested.</param>
public sealed record DriftSummary(
    DateTimeOffset CheckedAt,
    DriftCheckStatus Status,
    double DriftShare,
    bool DatasetDrift,
    int DriftedFeatures,
    int TestedFeatures,
    long CurrentRows,
    bool? PredictionDrift = null);
