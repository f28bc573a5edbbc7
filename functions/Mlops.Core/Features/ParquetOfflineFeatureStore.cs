using System.Globalization;
using System.Runtime.CompilerServices;
using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Mlops.Core.Diagnostics;
using Mlops.Core.Storage;
using Mlops.Core.Training.Data;
using Parquet;
using Parquet.Schema;

namespace Mlops.Core.Features;

/// <summary>
/// The offline store: Parquet files in the <c>features</c> container (<see cref="OfflineFeatureLayout"/>), written in
/// row groups of <see cref="RowGroupSize"/> rows through a temporary file, read back one file at a time.
/// </summary>
internal sealed class ParquetOfflineFeatureStore : IOfflineFeatureStore
{
    public const int RowGroupSize = 100_000;
    private readonly BlobContainerClient _container;

    public ParquetOfflineFeatureStore(BlobServiceClient blobs, StorageNames names)
    {
        _container = blobs.GetBlobContainerClient(names.Container(OfflineFeatureLayout.Container));
    }

    public async Task<OfflineFeatureFile> WriteAsync(FeatureView view, DateOnly date, string part, FeatureFrame frame, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(view);
        ArgumentNullException.ThrowIfNull(frame);
        var name = OfflineFeatureLayout.BlobName(view.Name, view.Version, date, part);
        var path = Path.Combine(Path.GetTempPath(), "mlops-features-" + Guid.NewGuid().ToString("N") + ".parquet");
        try
        {
            var file = new FileStream(path, FileMode.Create, FileAccess.ReadWrite, FileShare.None, 1 << 16, FileOptions.DeleteOnClose | FileOptions.Asynchronous);
            await using (file.ConfigureAwait(false))
            {
                await WriteParquetAsync(view, frame, file, cancellationToken).ConfigureAwait(false);
                file.Position = 0;
                await _container.GetBlobClient(name).UploadAsync(
                    file,
                    new BlobUploadOptions { HttpHeaders = new BlobHttpHeaders { ContentType = "application/vnd.apache.parquet" } },
                    cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            // DeleteOnClose covers the normal path; this covers a failure before the stream opened.
            File.Delete(path);
        }

        return new OfflineFeatureFile(view.Name, view.Version, date, name, frame.RowCount);
    }

    public async Task<bool> DeleteAsync(FeatureView view, DateOnly date, string part, CancellationToken cancellationToken = default)
    {
        var response = await _container.GetBlobClient(OfflineFeatureLayout.BlobName(view.Name, view.Version, date, part))
            .DeleteIfExistsAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
        return response.Value;
    }

    public async IAsyncEnumerable<OfflineFeatureFile> ListFilesAsync(FeatureView view, DateOnly from, DateOnly to, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(view);
        var prefix = OfflineFeatureLayout.ViewPrefix(view.Name) + "date=";
        var versionPrefix = "v" + view.Version.ToString(CultureInfo.InvariantCulture) + "-";
        var files = new List<OfflineFeatureFile>();
        await foreach (var blob in _container.GetBlobsAsync(new GetBlobsOptions { Prefix = prefix }, cancellationToken).ConfigureAwait(false))
        {
            // {view}/date=yyyy-MM-dd/v{version}-{part}.parquet
            var rest = blob.Name.AsSpan(prefix.Length);
            if (rest.Length < 12 || rest[10] != '/'
                || !DateOnly.TryParseExact(rest[..10], "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
                || date < from || date > to
                || !rest[11..].StartsWith(versionPrefix, StringComparison.Ordinal))
            {
                continue;
            }

            files.Add(new OfflineFeatureFile(view.Name, view.Version, date, blob.Name));
        }

        foreach (var file in files.OrderBy(f => f.Date).ThenBy(f => f.BlobName, StringComparer.Ordinal))
        {
            yield return file;
        }
    }

    public async Task<FeatureFrame> ReadFileAsync(FeatureView view, OfflineFeatureFile file, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(view);
        ArgumentNullException.ThrowIfNull(file);
        var path = Path.Combine(Path.GetTempPath(), "mlops-features-" + Guid.NewGuid().ToString("N") + ".parquet");
        try
        {
            var local = new FileStream(path, FileMode.Create, FileAccess.ReadWrite, FileShare.None, 1 << 16, FileOptions.DeleteOnClose | FileOptions.Asynchronous);
            await using (local.ConfigureAwait(false))
            {
                try
                {
                    await _container.GetBlobClient(file.BlobName).DownloadToAsync(local, cancellationToken).ConfigureAwait(false);
                }
                catch (RequestFailedException ex) when (ex.Status == 404)
                {
                    throw MlopsException.NotFound($"Offline feature file '{file.BlobName}' does not exist (rematerialized meanwhile?); list the files again.", "file");
                }

                local.Position = 0;
                return await ReadParquetAsync(view, local, file.BlobName, cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            File.Delete(path);
        }
    }

    public async IAsyncEnumerable<FeatureFrame> ReadAsync(FeatureView view, DateTimeOffset from, DateTimeOffset to, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(view);
        var first = DateOnly.FromDateTime(from.UtcDateTime);
        var last = DateOnly.FromDateTime(to.UtcDateTime);
        await foreach (var file in ListFilesAsync(view, first, last, cancellationToken).ConfigureAwait(false))
        {
            var frame = await ReadFileAsync(view, file, cancellationToken).ConfigureAwait(false);
            var keep = new List<int>(frame.RowCount);
            for (var i = 0; i < frame.RowCount; i++)
            {
                if (frame.EventTimestamps[i] >= from && frame.EventTimestamps[i] < to)
                {
                    keep.Add(i);
                }
            }

            if (keep.Count == frame.RowCount && keep.Count > 0)
            {
                yield return frame;
            }
            else if (keep.Count > 0)
            {
                yield return frame.Select(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(keep));
            }
        }
    }

    internal static async Task WriteParquetAsync(FeatureView view, FeatureFrame frame, Stream destination, CancellationToken cancellationToken)
    {
        var entityFields = frame.EntityNames.Select(n => new DataField<string>(n)).ToArray();
        var timeField = new DataField<DateTime>(view.Definition.TimestampColumn);
        var featureFields = frame.Features
            .Select(f => f.ValueType == FeatureValueType.Number ? (DataField)new DataField<double?>(f.Name) : new DataField<string>(f.Name))
            .ToArray();
        var schema = new ParquetSchema([.. entityFields, timeField, .. featureFields]);
        var writer = await ParquetWriter.CreateAsync(schema, destination, null, append: false, cancellationToken).ConfigureAwait(false);
        await using (writer.ConfigureAwait(false))
        {
            for (var start = 0; start < frame.RowCount || (start == 0 && frame.RowCount == 0); start += RowGroupSize)
            {
                var count = Math.Min(RowGroupSize, frame.RowCount - start);
                using var group = writer.CreateRowGroup();
                for (var e = 0; e < entityFields.Length; e++)
                {
                    await group.WriteAsync(entityFields[e], new ArraySegment<string>(frame.EntityColumns[e], start, count), null).ConfigureAwait(false);
                }

                var times = new DateTime[count];
                for (var i = 0; i < count; i++)
                {
                    times[i] = frame.EventTimestamps[start + i].UtcDateTime;
                }

                await group.WriteAsync<DateTime>(timeField, times, null, null, cancellationToken).ConfigureAwait(false);
                for (var f = 0; f < featureFields.Length; f++)
                {
                    var column = frame.Features[f];
                    if (column.Numbers is { } numbers)
                    {
                        var values = new double?[count];
                        for (var i = 0; i < count; i++)
                        {
                            var value = numbers[start + i];
                            values[i] = double.IsNaN(value) ? null : value;
                        }

                        await group.WriteAsync<double>(featureFields[f], values, null, null, cancellationToken).ConfigureAwait(false);
                    }
                    else
                    {
                        await group.WriteAsync(featureFields[f], new ArraySegment<string>(column.Texts!, start, count)!, null).ConfigureAwait(false);
                    }
                }

                if (frame.RowCount == 0)
                {
                    break;
                }
            }
        }
    }

    internal static async Task<FeatureFrame> ReadParquetAsync(FeatureView view, Stream stream, string name, CancellationToken cancellationToken)
    {
        var definition = view.Definition;
        ParquetReader reader;
        try
        {
            reader = await ParquetReader.CreateAsync(stream, null, leaveStreamOpen: true, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            throw MlopsException.Unprocessable($"Offline feature file '{name}' is not valid Parquet ({ex.Message}).", inner: ex);
        }

        await using (reader.ConfigureAwait(false))
        {
            var fields = reader.Schema.GetDataFields().ToDictionary(f => f.Name, StringComparer.Ordinal);
            DataField Field(string column) => fields.GetValueOrDefault(column)
                ?? throw MlopsException.Unprocessable($"Offline feature file '{name}' has no column '{column}'; it was not written by view '{view.Name}' v{view.Version}.", column);

            long total = 0;
            for (var g = 0; g < reader.RowGroupCount; g++)
            {
                total += reader.OpenRowGroupReader(g).RowCount;
            }

            var rows = checked((int)total);
            var entities = definition.Entities.Select(_ => new string[rows]).ToArray();
            var times = new DateTimeOffset[rows];
            var numbers = definition.Features.Select(f => f.ValueType == FeatureValueType.Number ? new double[rows] : null).ToArray();
            var texts = definition.Features.Select(f => f.ValueType == FeatureValueType.Text ? new string?[rows] : null).ToArray();
            var offset = 0;
            for (var g = 0; g < reader.RowGroupCount; g++)
            {
                var group = reader.OpenRowGroupReader(g);
                var count = checked((int)group.RowCount);
                for (var e = 0; e < entities.Length; e++)
                {
                    var values = entities[e].AsMemory(offset, count);
                    await group.ReadAsync(Field(definition.Entities[e]), values!, null, cancellationToken).ConfigureAwait(false);
                }

                var stamps = await ParquetColumns.ReadAsync<DateTime>(group, Field(definition.TimestampColumn), count, cancellationToken).ConfigureAwait(false);
                for (var i = 0; i < count; i++)
                {
                    var stamp = stamps[i] ?? throw MlopsException.Unprocessable($"Offline feature file '{name}' has a row without an event time.", definition.TimestampColumn);
                    times[offset + i] = new DateTimeOffset(DateTime.SpecifyKind(stamp, DateTimeKind.Utc), TimeSpan.Zero);
                }

                for (var f = 0; f < definition.Features.Count; f++)
                {
                    var field = Field(definition.Features[f].Name);
                    if (numbers[f] is { } target)
                    {
                        var values = await ParquetColumns.ReadAsync<double>(group, field, count, cancellationToken).ConfigureAwait(false);
                        for (var i = 0; i < count; i++)
                        {
                            target[offset + i] = values[i] ?? double.NaN;
                        }
                    }
                    else
                    {
                        await group.ReadAsync(field, texts[f].AsMemory(offset, count), null, cancellationToken).ConfigureAwait(false);
                    }
                }

                offset += count;
            }

            var columns = definition.Features
                .Select((f, i) => numbers[i] is { } n ? FeatureColumn.FromNumbers(f.Name, n) : FeatureColumn.FromTexts(f.Name, texts[i]!))
                .ToArray();
            return new FeatureFrame(definition.Entities, entities, times, columns);
        }
    }
}
