using System.Buffers;
using System.Text;
using CsvHelper;
using Mlops.Core.Diagnostics;

namespace Mlops.Core.Training.Data;

/// <summary>
/// Reads CSV or TSV in one forward pass: the header, then a sample of rows (the only rows ever held as text) to infer
/// kinds from, then every row straight into the column builders. The stream need not be seekable.
/// </summary>
internal static class CsvTableReader
{
    // Large enough for any sane record; an unclosed quote fails here instead of swallowing the rest of the file.
    private const int MaxRecordBytes = 1 << 20;

    public static async Task<LoadedTable> ReadAsync(Stream stream, char separator, DatasetReadOptions options, CancellationToken cancellationToken)
    {
        var reader = CsvReader.Create(stream, Options(separator), leaveOpen: true);
        await using (reader.ConfigureAwait(false))
        {
            try
            {
                return await ReadCoreAsync(reader, options, cancellationToken).ConfigureAwait(false);
            }
            catch (CsvFormatException ex)
            {
                var where = ex.RecordNumber > 1 ? $"data row {ex.RecordNumber - 1}" : ex.RecordNumber == 1 ? "the header" : "the file";
                throw MlopsException.Unprocessable(
                    $"The file is not valid CSV at {where}: {ex.Message} Check the quoting and that the separator is '{Describe(separator)}'.",
                    inner: ex);
            }
        }
    }

    /// <summary>How the platform reads delimited text: strict quoting, trimmed fields, row lengths checked by the caller.</summary>
    public static CsvReaderOptions Options(char separator) => new()
    {
        Separator = separator,
        TrimWhitespace = true,
        MaxRecordSize = MaxRecordBytes,
        MalformedData = CsvMalformedDataHandling.Throw,
        FieldCountMismatch = CsvFieldCountHandling.Allow,
        DetectSeparatorHint = false,
        PoolStrings = true,
    };

    private static async Task<LoadedTable> ReadCoreAsync(CsvReader reader, DatasetReadOptions options, CancellationToken cancellationToken)
    {
        await reader.ReadHeaderAsync(cancellationToken).ConfigureAwait(false);
        var header = reader.Headers.Select(h => h.Trim()).ToArray();
        if (header.Length == 0 || (header.Length == 1 && header[0].Length == 0))
        {
            throw MlopsException.Unprocessable("The data file is empty; upload a CSV with a header row and at least one data row.");
        }

        var sample = new List<string[]>();
        while (sample.Count < options.InferenceSampleRows && await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            CheckFieldCount(reader, header.Length);
            var row = new string[header.Length];
            for (var i = 0; i < row.Length; i++)
            {
                row[i] = reader.GetString(i);
            }

            sample.Add(row);
        }

        if (sample.Count == 0)
        {
            throw MlopsException.Unprocessable(
                $"The file has a header ({header.Length} columns) but no data rows; upload the data rows too.");
        }

        var source = new SourceColumn[header.Length];
        for (var i = 0; i < header.Length; i++)
        {
            var column = i;
            source[i] = new SourceColumn(header[i], KindInference.Infer(sample.Select(r => r[column])));
        }

        var resolved = SchemaResolver.Resolve(source, options);
        var builders = resolved.Schema.Columns
            .Select(c => c.Role == ColumnRole.Ignored ? null : ColumnBuilder.Create(c, options.MaxExamples, sample.Count))
            .ToArray();
        foreach (var row in sample)
        {
            for (var i = 0; i < builders.Length; i++)
            {
                builders[i]?.AppendText(row[i]);
            }
        }

        var rows = sample.Count;
        sample.Clear();
        sample.TrimExcess();
        var buffer = ArrayPool<char>.Shared.Rent(256);
        try
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                CheckFieldCount(reader, header.Length);
                for (var i = 0; i < builders.Length; i++)
                {
                    if (builders[i] is not { } builder)
                    {
                        continue;
                    }

                    var utf8 = reader.GetSpan(i);
                    if (utf8.Length > buffer.Length)
                    {
                        ArrayPool<char>.Shared.Return(buffer);
                        buffer = ArrayPool<char>.Shared.Rent(utf8.Length);
                    }

                    var length = Encoding.UTF8.GetChars(utf8, buffer);
                    builder.AppendText(buffer.AsSpan(0, length));
                }

                rows++;
            }
        }
        finally
        {
            ArrayPool<char>.Shared.Return(buffer);
        }

        return new LoadedTable(resolved, builders, rows);
    }

    private static void CheckFieldCount(CsvReader reader, int expected)
    {
        if (reader.FieldCount != expected)
        {
            throw MlopsException.Unprocessable(
                $"Data row {reader.RowNumber} has {reader.FieldCount} fields but the header has {expected}; " +
                "check the quoting, the separator and that every row has a value (or an empty field) for every column.");
        }
    }

    private static string Describe(char separator) => separator == '\t' ? "\\t" : separator.ToString();
}
