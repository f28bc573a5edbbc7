namespace Mlops.Core.Monitoring.Drift;

/// <summary>Whether a drift check produced a data set verdict.</summary>
public enum DriftCheckStatus
{
    /// <summary>At least one feature was tested; <see cref="DriftResult.DatasetDrift"/> is the verdict.</summary>
    Computed,

    /// <summary>
    /// The window had fewer rows than <see cref="DriftPolicy.MinRows"/>, or no feature had enough values to test:
    /// no verdict rather than noise.
    /// </summary>
    NotEnoughData,
}
