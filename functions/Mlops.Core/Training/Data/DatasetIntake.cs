using System.Buffers;
using System.Security.Cryptography;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Mlops.Core.Diagnostics;
using Mlops.Core.Features.PointInTime;

namespace Mlops.Core.Training.Data;

internal sealed partial class DatasetIntake(
    IDataSourceResolver sources,
    IDatasetSnapshotStore snapshots,
    HistoricalFeatureJoiner features,
    IOptions<DataIntakeOptions> options,
    ILogger<DatasetIntake> logger) : IDatasetIntake
{
    public async Task<IngestedDataset> IngestAsync(DatasetRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var settings = options.Value;
        var all = request.Sources is { Count: > 0 } listed ? [.. listed.Select(sources.Resolve)] : new[] { sources.Resolve(request.Location) };
        var source = all[^1];
        var format = request.Format ?? source.Format ?? throw MlopsException.Validation(
            $"Cannot tell the format of '{source.FileName}' from its extension; name it .csv, .tsv or .parquet, or set the format.", "format");
        using var activity = MlopsTelemetry.ActivitySource.StartActivity("training.data.ingest");
        activity?.SetTag("mlops.data.location", source.Location);

        // Several files (a policy's training.dataWindow) are read in order as one: those of another format than the
        // newest are skipped with a warning, the rest written into the one spool that is validated and snapshotted.
        var skipped = new List<DataWarning>();
        var read = all.Where(s => request.Format is not null || s.Format == format || ReferenceEquals(s, source)).ToArray();
        foreach (var other in all.Except(read))
        {
            skipped.Add(new DataWarning(DataWarningCode.SkippedSource, null,
                $"Skipped '{other.Location}': it is not {DataFormats.Extension(format)} like the newest file '{source.Location}'."));
        }

        string digest;
        FileStream spool;
        if (read.Length > 1)
        {
            (spool, digest) = await ConcatenateAsync(read, format, settings.MaxDataBytes, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            var input = await source.OpenReadAsync(cancellationToken).ConfigureAwait(false);
            await using (input.ConfigureAwait(false))
            {
                spool = CreateSpool(format);
                try
                {
                    digest = await CopyHashingAsync(input, spool, source.Location, settings.MaxDataBytes, cancellationToken).ConfigureAwait(false);
                }
                catch
                {
                    await spool.DisposeAsync().ConfigureAwait(false);
                    throw;
                }
            }
        }

        var columns = request.Columns;
        if (request.Features is not null)
        {
            (spool, digest, columns) = await JoinFeaturesAsync(spool, format, request, cancellationToken).ConfigureAwait(false);
            format = DataFormat.Parquet;
        }

        await using (spool.ConfigureAwait(false))
        {
            spool.Position = 0;
            var readOptions = new DatasetReadOptions
            {
                Label = request.Label,
                Columns = columns,
                InferenceSampleRows = settings.InferenceSampleRows,
            };
            var validated = await DatasetReader.ReadAsync(spool, format, readOptions, cancellationToken).ConfigureAwait(false);
            spool.Position = 0;
            var snapshot = await snapshots.SaveAsync(digest, format, spool, cancellationToken).ConfigureAwait(false);
            var profile = DatasetProfiler.Profile(validated.Data, settings.ProfileBins, settings.ProfileTopCategories, digest);
            LogIngested(logger, source.Location, validated.Data.RowCount, validated.Data.Columns.Count, validated.Report.Warnings.Count, snapshot.Uri);
            var report = skipped.Count == 0 ? validated.Report : validated.Report with { Warnings = [.. skipped, .. validated.Report.Warnings] };
            return new IngestedDataset(source.Location, validated.Data, report, profile, snapshot)
            {
                Columns = columns,
                Sources = read.Length > 1 ? [.. read.Select(s => s.Location)] : null,
            };
        }
    }

    // The entity rows in the spool become the joined training set in a second spool, which is what is validated,
    // snapshotted (so the version's lineage names the exact rows it learned from) and profiled. Entity keys are ids,
    // never features, unless the caller declares otherwise.
    private async Task<(FileStream Spool, string Digest, IReadOnlyDictionary<string, ColumnOverride>? Columns)> JoinFeaturesAsync(
        FileStream entities, DataFormat format, DatasetRequest request, CancellationToken cancellationToken)
    {
        await using (entities.ConfigureAwait(false))
        {
            var joined = CreateSpool(DataFormat.Parquet);
            try
            {
                entities.Position = 0;
                var summary = await features.JoinAsync(entities, format, request, joined, cancellationToken).ConfigureAwait(false);
                joined.Position = 0;
                var digest = Convert.ToHexStringLower(await SHA256.HashDataAsync(joined, cancellationToken).ConfigureAwait(false));
                var columns = new Dictionary<string, ColumnOverride>(request.Columns ?? new Dictionary<string, ColumnOverride>(), StringComparer.Ordinal);
                foreach (var key in summary.KeyColumns)
                {
                    columns.TryAdd(key, new ColumnOverride(Role: ColumnRole.Id));
                }

                return (joined, digest, columns);
            }
            catch
            {
                await joined.DisposeAsync().ConfigureAwait(false);
                throw;
            }
        }
    }

    private static async Task<(FileStream Spool, string Digest)> ConcatenateAsync(
        IReadOnlyList<DataSource> read, DataFormat format, long maxBytes, CancellationToken cancellationToken)
    {
        var spool = CreateSpool(format);
        try
        {
            await (format == DataFormat.Parquet
                ? WriteParquetAsync(read, spool, maxBytes, cancellationToken)
                : WriteDelimitedAsync(read, spool, maxBytes, cancellationToken)).ConfigureAwait(false);
            await spool.FlushAsync(cancellationToken).ConfigureAwait(false);
            spool.Position = 0;
            var digest = Convert.ToHexStringLower(await SHA256.HashDataAsync(spool, cancellationToken).ConfigureAwait(false));
            return (spool, digest);
        }
        catch
        {
            await spool.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    private static async Task WriteDelimitedAsync(IReadOnlyList<DataSource> read, FileStream spool, long maxBytes, CancellationToken cancellationToken)
    {
        var state = new DelimitedConcatenation.State();
        foreach (var source in read)
        {
            var input = await source.OpenReadAsync(cancellationToken).ConfigureAwait(false);
            await using (input.ConfigureAwait(false))
            {
                await DelimitedConcatenation.AppendAsync(input, spool, source.Location, state, maxBytes, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    // Parquet is read from its footer, so each file is first copied to a local spool of its own.
    private static async Task WriteParquetAsync(IReadOnlyList<DataSource> read, FileStream spool, long maxBytes, CancellationToken cancellationToken)
    {
        long total = 0;
        var concatenation = new ParquetConcatenation(spool);
        await using (concatenation.ConfigureAwait(false))
        {
            foreach (var source in read)
            {
                var file = CreateSpool(DataFormat.Parquet);
                await using (file.ConfigureAwait(false))
                {
                    var input = await source.OpenReadAsync(cancellationToken).ConfigureAwait(false);
                    await using (input.ConfigureAwait(false))
                    {
                        await CopyHashingAsync(input, file, source.Location, maxBytes - total, cancellationToken).ConfigureAwait(false);
                    }

                    total += file.Length;
                    file.Position = 0;
                    await concatenation.AppendAsync(file, source.Location, cancellationToken).ConfigureAwait(false);
                }
            }
        }
    }

    // A local spool lets the digest be computed in the one pass over the source, Parquet be read from its footer, and
    // the snapshot be uploaded only after the data proved valid, all without holding the file in memory.
    private static FileStream CreateSpool(DataFormat format) => new(
        Path.Combine(Path.GetTempPath(), $"mlops-data-{Guid.NewGuid():N}.{DataFormats.Extension(format)}"),
        FileMode.CreateNew,
        FileAccess.ReadWrite,
        FileShare.None,
        81920,
        FileOptions.Asynchronous | FileOptions.DeleteOnClose);

    private static async Task<string> CopyHashingAsync(Stream input, Stream output, string location, long maxBytes, CancellationToken cancellationToken)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = ArrayPool<byte>.Shared.Rent(81920);
        try
        {
            long total = 0;
            int read;
            while ((read = await input.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
            {
                total += read;
                if (total > maxBytes)
                {
                    throw MlopsException.TooLarge(
                        $"The data at '{location}' is larger than the {maxBytes} bytes allowed ({DataIntakeOptions.SectionName}:MaxDataBytes).", "location");
                }

                hash.AppendData(buffer, 0, read);
                await output.WriteAsync(buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
            }

            await output.FlushAsync(cancellationToken).ConfigureAwait(false);
            return Convert.ToHexStringLower(hash.GetHashAndReset());
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    [LoggerMessage(EventId = LogEvents.Training, Level = LogLevel.Information,
        Message = "Ingested {Location}: {Rows} rows, {Columns} columns, {Warnings} warnings; snapshot {Snapshot}")]
    private static partial void LogIngested(ILogger logger, string location, int rows, int columns, int warnings, string snapshot);
}
