namespace Mlops.Core.Features;

/// <summary>Formats a feature source can be in.</summary>
public enum FeatureSourceFormat
{
    /// <summary>CSV with a header row, UTF-8 (read by the training area's CSV reader).</summary>
    Csv,

    /// <summary>Apache Parquet with flat columns.</summary>
    Parquet,
}
