namespace Mlops.Core.Training.Data;

/// <summary>File formats the platform reads tabular data from.</summary>
public enum DataFormat
{
    /// <summary>Comma-separated values with a header row (RFC 4180), UTF-8.</summary>
    Csv,

    /// <summary>Tab-separated values with a header row, UTF-8.</summary>
    Tsv,

    /// <summary>Apache Parquet with flat columns of numbers, booleans, strings or timestamps.</summary>
    Parquet,
}
