namespace Mlops.Core.Training.Data;

/// <summary>Logical names of the blob containers training data lives in (resolved through <c>StorageNames</c>).</summary>
public static class DatasetContainers
{
    /// <summary>Where users drop training data: <c>training-data/{model}/...</c>.</summary>
    public const string TrainingData = "training-data";

    /// <summary>Immutable, content-addressed snapshots of the data each run trained on: <c>datasets/{sha256}.{ext}</c>.</summary>
    public const string Datasets = "datasets";
}
