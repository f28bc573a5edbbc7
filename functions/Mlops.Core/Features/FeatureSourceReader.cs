using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.RegularExpressions;
using Azure;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using CsvHelper;
using Mlops.Core.Diagnostics;
using Mlops.Core.Pipelines.Triggers;
using Mlops.Core.Storage;
using Mlops.Core.Training.Data;
using Parquet;

namespace Mlops.Core.Features;

/// <summary>
/// Reads a view's source blobs (<c>feature-sources</c>, matching the view's path pattern) through the training area's
/// readers (<see cref="DatasetReader"/>), loading only the columns the view uses. Each blob's event-time range is kept in
/// a table under its ETag, so a chunk opens only the blobs that can hold rows of its range. Memory: one source blob at a
/// time plus the rows kept for the range.
/// </summary>
internal sealed class FeatureSourceReader
{
    private readonly BlobContainerClient _container;
    private readonly TableClient _index;

    public FeatureSourceReader(BlobServiceClient blobs, TableServiceClient tables, StorageNames names)
    {
        _container = blobs.GetBlobContainerClient(names.Container(TriggerContainers.FeatureSources));
        _index = tables.GetTableClient(names.Table(FeatureStoreNames.SourceIndexTable));
    }

    /// <summary>The source blobs of a view, by name.</summary>
    public async Task<IReadOnlyList<(string Name, string ETag)>> ListAsync(FeatureViewDefinition view, CancellationToken cancellationToken)
    {
        var pattern = view.Source.Path!;
        var regex = GlobToRegex(pattern);
        var star = pattern.IndexOf('*', StringComparison.Ordinal);
        var prefix = star < 0 ? pattern : pattern[..star];
        var result = new List<(string, string)>();
        await foreach (var blob in _container.GetBlobsAsync(new GetBlobsOptions { Prefix = prefix }, cancellationToken).ConfigureAwait(false))
        {
            if (regex.IsMatch(blob.Name))
            {
                result.Add((blob.Name, blob.Properties.ETag?.ToString().Trim('"') ?? string.Empty));
            }
        }

        result.Sort((a, b) => string.CompareOrdinal(a.Item1, b.Item1));
        return result;
    }

    /// <summary>Whether a blob name matches the view's source pattern.</summary>
    public static bool Matches(FeatureViewDefinition view, string blobName) => GlobToRegex(view.Source.Path!).IsMatch(blobName);

    /// <summary>The event-time range of one blob (read once per ETag), or null when it has no rows.</summary>
    public async Task<(DateTimeOffset Min, DateTimeOffset Max)?> GetRangeAsync(FeatureViewDefinition view, string blobName, string etag, CancellationToken cancellationToken)
    {
        if (await FindIndexedAsync(view, blobName, etag, cancellationToken).ConfigureAwait(false) is { } indexed)
        {
            return indexed.Range;
        }

        var batch = await ReadBlobAsync(view, blobName, [], cancellationToken).ConfigureAwait(false);
        return await IndexAsync(view, blobName, etag, batch, cancellationToken).ConfigureAwait(false);
    }

    private async Task<((DateTimeOffset Min, DateTimeOffset Max)? Range, bool Found)?> FindIndexedAsync(FeatureViewDefinition view, string blobName, string etag, CancellationToken cancellationToken)
    {
        var (rowKey, _) = OnlineKeys.RowKey(new EntityKey(blobName));
        var stored = await _index.GetEntityIfExistsAsync<TableEntity>(view.Name, rowKey, cancellationToken: cancellationToken).ConfigureAwait(false);
        if (stored.HasValue && string.Equals(stored.Value!.GetString("ETag"), etag, StringComparison.Ordinal)
            && string.Equals(stored.Value.GetString("Timestamp_Column"), view.TimestampColumn, StringComparison.Ordinal))
        {
            return stored.Value.GetInt64("Rows") is > 0
                ? ((stored.Value.GetDateTimeOffset("Min")!.Value, stored.Value.GetDateTimeOffset("Max")!.Value), true)
                : (null, true);
        }

        return null;
    }

    /// <summary>Reads the rows of every source blob with event time in [<paramref name="from"/>, <paramref name="to"/>).</summary>
    public async Task<(SourceBatch Batch, int Blobs)> ReadAsync(FeatureViewDefinition view, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken)
    {
        var (numbers, texts) = ColumnsUsed(view);
        var entities = view.Entities.Select(_ => new List<string>()).ToArray();
        var times = new List<DateTimeOffset>();
        var numberValues = numbers.ToDictionary(c => c, _ => new List<double>(), StringComparer.Ordinal);
        var textValues = texts.ToDictionary(c => c, _ => new List<string?>(), StringComparer.Ordinal);
        var read = 0;
        foreach (var (name, etag) in await ListAsync(view, cancellationToken).ConfigureAwait(false))
        {
            var indexed = await FindIndexedAsync(view, name, etag, cancellationToken).ConfigureAwait(false);
            if (indexed is { } known && (known.Range is not { } range || range.Max < from || range.Min >= to))
            {
                continue;
            }

            var batch = await ReadBlobAsync(view, name, numbers.Concat(texts), cancellationToken).ConfigureAwait(false);
            if (indexed is null)
            {
                await IndexAsync(view, name, etag, batch, cancellationToken).ConfigureAwait(false);
            }

            read++;
            for (var row = 0; row < batch.RowCount; row++)
            {
                var time = batch.Timestamps[row];
                if (time < from || time >= to)
                {
                    continue;
                }

                times.Add(time);
                for (var e = 0; e < entities.Length; e++)
                {
                    entities[e].Add(batch.Entities[e][row]);
                }

                foreach (var (column, values) in numberValues)
                {
                    values.Add(batch.Numbers[column][row]);
                }

                foreach (var (column, values) in textValues)
                {
                    values.Add(batch.Texts[column][row]);
                }
            }
        }

        return (new SourceBatch(
            view.Entities,
            entities.Select(e => e.ToArray()).ToArray(),
            [.. times],
            numberValues.ToDictionary(p => p.Key, p => p.Value.ToArray(), StringComparer.Ordinal),
            textValues.ToDictionary(p => p.Key, p => p.Value.ToArray(), StringComparer.Ordinal)), read);
    }

    /// <summary>Numeric and text source columns a view reads (entities and the timestamp aside).</summary>
    public static (IReadOnlyList<string> Numbers, IReadOnlyList<string> Texts) ColumnsUsed(FeatureViewDefinition view)
    {
        var numbers = new List<string>();
        var texts = new List<string>();
        foreach (var feature in view.Features)
        {
            var target = feature.ValueType == FeatureValueType.Text ? texts : numbers;
            foreach (var column in FeatureViewValidator.ColumnsOf(feature))
            {
                if (!target.Contains(column, StringComparer.Ordinal))
                {
                    target.Add(column);
                }
            }
        }

        var both = numbers.Intersect(texts, StringComparer.Ordinal).FirstOrDefault();
        if (both is not null)
        {
            throw MlopsException.Validation($"Column '{both}' is read both as text (a text passthrough) and as a number; read it one way.", "features");
        }

        return (numbers, texts);
    }

    private async Task<SourceBatch> ReadBlobAsync(FeatureViewDefinition view, string blobName, IEnumerable<string> wanted, CancellationToken cancellationToken)
    {
        var format = view.Source.Format == FeatureSourceFormat.Parquet ? DataFormat.Parquet : DataFormat.Csv;
        var path = Path.Combine(Path.GetTempPath(), "mlops-source-" + Guid.NewGuid().ToString("N"));
        try
        {
            var file = new FileStream(path, FileMode.Create, FileAccess.ReadWrite, FileShare.None, 1 << 16, FileOptions.DeleteOnClose | FileOptions.Asynchronous);
            await using (file.ConfigureAwait(false))
            {
                try
                {
                    await _container.GetBlobClient(blobName).DownloadToAsync(file, cancellationToken).ConfigureAwait(false);
                }
                catch (RequestFailedException ex) when (ex.Status == 404)
                {
                    throw MlopsException.NotFound($"Source blob 'feature-sources/{blobName}' no longer exists; drop it again.", "blob");
                }

                file.Position = 0;
                var header = await ReadHeaderAsync(file, format, blobName, cancellationToken).ConfigureAwait(false);
                file.Position = 0;
                return await ReadTableAsync(view, file, format, header, wanted.ToArray(), blobName, cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            File.Delete(path);
        }
    }

    private static async Task<SourceBatch> ReadTableAsync(
        FeatureViewDefinition view, Stream file, DataFormat format, IReadOnlyList<string> header, string[] wanted, string blobName, CancellationToken cancellationToken)
    {
        var (numbers, texts) = ColumnsUsed(view);
        CheckColumns(view, header, blobName);
        var overrides = new Dictionary<string, ColumnOverride>(StringComparer.Ordinal);
        foreach (var column in header.Distinct(StringComparer.Ordinal))
        {
            overrides[column] = new ColumnOverride(Role: ColumnRole.Ignored);
        }

        // Entity values stay text as written in a CSV ("007" is not 7); Parquet's physical types decide there.
        foreach (var entity in view.Entities)
        {
            overrides[entity] = new ColumnOverride(format == DataFormat.Csv ? ColumnKind.Categorical : null, ColumnRole.Id);
        }

        // The timestamp is the one "feature" to the reader: a file whose timestamps are all missing fails there.
        overrides[view.TimestampColumn] = new ColumnOverride(ColumnKind.Timestamp, ColumnRole.Feature);
        foreach (var column in wanted)
        {
            var kind = texts.Contains(column, StringComparer.Ordinal) ? ColumnKind.Categorical : ColumnKind.Numeric;
            overrides[column] = new ColumnOverride(kind, ColumnRole.Id);
        }

        ValidatedDataset loaded;
        try
        {
            loaded = await DatasetReader.ReadAsync(file, format, new DatasetReadOptions { Columns = overrides, MaxExamples = 3 }, cancellationToken).ConfigureAwait(false);
        }
        catch (MlopsException ex)
        {
            throw new MlopsException(ex.Category, $"Source 'feature-sources/{blobName}' of feature view '{view.Name}': {ex.Message}", ex.Field, ex);
        }

        var data = loaded.Data;
        if (loaded.Report.FindColumn(view.TimestampColumn) is { } report && (report.ParseFailureCount > 0 || report.MissingCount > 0))
        {
            var example = report.ParseFailureExamples.FirstOrDefault();
            var detail = report.ParseFailureCount > 0 && example is not null
                ? $"{report.ParseFailureCount} values are not timestamps (row {example.Row}: \"{example.Value}\")"
                : $"{report.MissingCount} rows have no value";
            throw MlopsException.Unprocessable(
                $"Source 'feature-sources/{blobName}': the timestamp column '{view.TimestampColumn}' must hold a date-time in every row (ISO 8601, e.g. 2025-01-31T12:00:00Z); {detail}.",
                "timestampColumn");
        }

        var rows = data.RowCount;
        var times = ((TimestampColumn)data.GetColumn(view.TimestampColumn)).Values.Span;
        var timestamps = new DateTimeOffset[rows];
        for (var i = 0; i < rows; i++)
        {
            timestamps[i] = times[i]!.Value.ToUniversalTime();
        }

        var entities = new string[view.Entities.Count][];
        for (var e = 0; e < entities.Length; e++)
        {
            var column = data.GetColumn(view.Entities[e]);
            var values = new string[rows];
            for (var i = 0; i < rows; i++)
            {
                values[i] = column.FormatValue(i) ?? throw MlopsException.Unprocessable(
                    $"Source 'feature-sources/{blobName}': data row {i + 1} has no value for entity column '{view.Entities[e]}'; every row needs its entity key.",
                    $"entities[{e}]");
            }

            entities[e] = values;
        }

        var numberColumns = new Dictionary<string, double[]>(StringComparer.Ordinal);
        var textColumns = new Dictionary<string, string?[]>(StringComparer.Ordinal);
        foreach (var column in wanted)
        {
            var loadedColumn = data.GetColumn(column);
            if (loadedColumn is NumericColumn numeric)
            {
                numberColumns[column] = MemoryMarshal.TryGetArray(numeric.Values, out var segment) && segment.Offset == 0 && segment.Count == segment.Array!.Length
                    ? segment.Array
                    : numeric.Values.ToArray();
            }
            else
            {
                var values = new string?[rows];
                for (var i = 0; i < rows; i++)
                {
                    values[i] = loadedColumn.FormatValue(i);
                }

                textColumns[column] = values;
            }
        }

        return new SourceBatch(view.Entities, entities, timestamps, numberColumns, textColumns);
    }

    private static void CheckColumns(FeatureViewDefinition view, IReadOnlyList<string> header, string blobName)
    {
        void Check(string column, string field, string role)
        {
            if (!header.Contains(column, StringComparer.Ordinal))
            {
                throw MlopsException.Unprocessable(
                    $"Source 'feature-sources/{blobName}' lacks column '{column}', which {role} reads; its columns are {string.Join(", ", header.Select(h => $"'{h}'"))}. " +
                    "Fix the file or the view's definition.",
                    field);
            }
        }

        for (var e = 0; e < view.Entities.Count; e++)
        {
            Check(view.Entities[e], $"entities[{e}]", "the entity key");
        }

        Check(view.TimestampColumn, "timestampColumn", "the event timestamp");
        for (var f = 0; f < view.Features.Count; f++)
        {
            foreach (var column in FeatureViewValidator.ColumnsOf(view.Features[f]))
            {
                Check(column, $"features[{f}]", $"feature '{view.Features[f].Name}'");
            }
        }
    }

    private static async Task<IReadOnlyList<string>> ReadHeaderAsync(Stream file, DataFormat format, string blobName, CancellationToken cancellationToken)
    {
        if (file.Length == 0)
        {
            throw MlopsException.Unprocessable($"Source 'feature-sources/{blobName}' is empty; upload a file with a header and rows.", "blob");
        }

        try
        {
            if (format == DataFormat.Parquet)
            {
                var reader = await ParquetReader.CreateAsync(file, null, leaveStreamOpen: true, cancellationToken).ConfigureAwait(false);
                await using (reader.ConfigureAwait(false))
                {
                    return reader.Schema.Fields.Select(f => f.Name).ToArray();
                }
            }

            var csv = CsvReader.Create(file, new CsvReaderOptions { Separator = ',', TrimWhitespace = true, DetectSeparatorHint = false }, leaveOpen: true);
            await using (csv.ConfigureAwait(false))
            {
                await csv.ReadHeaderAsync(cancellationToken).ConfigureAwait(false);
                return csv.Headers.Select(h => h.Trim()).ToArray();
            }
        }
        catch (Exception ex) when (ex is not (OperationCanceledException or MlopsException))
        {
            throw MlopsException.Unprocessable(
                $"Source 'feature-sources/{blobName}' is not readable as {format} ({ex.Message}); check the file and the view's source format.", "source.format", ex);
        }
    }

    private async Task<(DateTimeOffset Min, DateTimeOffset Max)?> IndexAsync(FeatureViewDefinition view, string blobName, string etag, SourceBatch batch, CancellationToken cancellationToken)
    {
        var (rowKey, _) = OnlineKeys.RowKey(new EntityKey(blobName));
        var entity = new TableEntity(view.Name, rowKey)
        {
            ["Blob"] = blobName,
            ["ETag"] = etag,
            ["Rows"] = (long)batch.RowCount,
            ["Timestamp_Column"] = view.TimestampColumn,
        };
        (DateTimeOffset, DateTimeOffset)? range = null;
        if (batch.RowCount > 0)
        {
            var min = batch.Timestamps.Min();
            var max = batch.Timestamps.Max();
            entity["Min"] = min;
            entity["Max"] = max;
            range = (min, max);
        }

        await _index.UpsertEntityAsync(entity, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
        return range;
    }

    private static Regex GlobToRegex(string pattern)
    {
        var builder = new StringBuilder("^");
        for (var i = 0; i < pattern.Length; i++)
        {
            if (pattern[i] == '*' && i + 1 < pattern.Length && pattern[i + 1] == '*')
            {
                builder.Append(".*");
                i++;
            }
            else if (pattern[i] == '*')
            {
                builder.Append("[^/]*");
            }
            else
            {
                builder.Append(Regex.Escape(pattern[i].ToString(CultureInfo.InvariantCulture)));
            }
        }

        return new Regex(builder.Append('$').ToString(), RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
    }
}
