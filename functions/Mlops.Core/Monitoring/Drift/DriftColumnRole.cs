namespace Mlops.Core.Monitoring.Drift;

/// <summary>What a compared column is to the model.</summary>
public enum DriftColumnRole
{
    /// <summary>A model input: counts towards the data set's drift share.</summary>
    Feature,

    /// <summary>A model output: prediction drift, reported on its own.</summary>
    Prediction,
}
