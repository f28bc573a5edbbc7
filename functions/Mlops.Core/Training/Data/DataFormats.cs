namespace Mlops.Core.Training.Data;

/// <summary>File extensions and content types of each <see cref="DataFormat"/>.</summary>
internal static class DataFormats
{
    public static DataFormat? FromFileName(string name) =>
        Path.GetExtension(name).ToUpperInvariant() switch
        {
            ".CSV" => DataFormat.Csv,
            ".TSV" or ".TAB" => DataFormat.Tsv,
            ".PARQUET" or ".PQ" => DataFormat.Parquet,
            _ => null,
        };

    public static string Extension(DataFormat format) => format switch
    {
        DataFormat.Csv => "csv",
        DataFormat.Tsv => "tsv",
        DataFormat.Parquet => "parquet",
        _ => throw new ArgumentOutOfRangeException(nameof(format), format, null),
    };

    public static string ContentType(DataFormat format) => format switch
    {
        DataFormat.Csv => "text/csv",
        DataFormat.Tsv => "text/tab-separated-values",
        DataFormat.Parquet => "application/vnd.apache.parquet",
        _ => throw new ArgumentOutOfRangeException(nameof(format), format, null),
    };
}
