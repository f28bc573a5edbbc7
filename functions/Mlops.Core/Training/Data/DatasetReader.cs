namespace Mlops.Core.Training.Data;

/// <summary>
/// Reads CSV, TSV or Parquet from a stream into a validated <see cref="TabularDataset"/>. CSV is read in one forward
/// pass (the stream need not be seekable); Parquet row group by row group (the stream must be seekable). Hard errors
/// throw an <c>MlopsException</c> naming the column and what to fix; soft findings are in the report.
/// </summary>
public static class DatasetReader
{
    /// <summary>Reads and validates a data set.</summary>
    /// <param name="content">The file content, read from its current position; left open.</param>
    /// <param name="format">The format of the content.</param>
    /// <param name="options">The label, declared columns and limits; <see cref="DatasetReadOptions.Default"/> when null.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    public static Task<ValidatedDataset> ReadAsync(
        Stream content,
        DataFormat format,
        DatasetReadOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(content);
        options ??= DatasetReadOptions.Default;
        ArgumentOutOfRangeException.ThrowIfLessThan(options.InferenceSampleRows, 1, nameof(options));
        ArgumentOutOfRangeException.ThrowIfNegative(options.MaxExamples, nameof(options));
        return ReadCoreAsync(content, format, options, cancellationToken);
    }

    private static async Task<ValidatedDataset> ReadCoreAsync(Stream content, DataFormat format, DatasetReadOptions options, CancellationToken cancellationToken)
    {
        var table = format switch
        {
            DataFormat.Csv => await CsvTableReader.ReadAsync(content, ',', options, cancellationToken).ConfigureAwait(false),
            DataFormat.Tsv => await CsvTableReader.ReadAsync(content, '\t', options, cancellationToken).ConfigureAwait(false),
            DataFormat.Parquet => await ParquetTableReader.ReadAsync(content, options, cancellationToken).ConfigureAwait(false),
            _ => throw new ArgumentOutOfRangeException(nameof(format), format, null),
        };
        return DatasetAssembler.Assemble(table, options);
    }
}
