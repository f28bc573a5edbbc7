using Mlops.Core.Diagnostics;
using Parquet;
using Parquet.Schema;

namespace Mlops.Core.Training.Data;

/// <summary>
/// Writes several Parquet files as one: every row group of each, in order, under the first file's schema. Each file's
/// schema must equal the first's (same columns, types and order), else a 422 naming the file.
/// </summary>
internal sealed class ParquetConcatenation : IAsyncDisposable
{
    private readonly Stream _output;
    private ParquetWriter? _writer;
    private ParquetSchema? _schema;
    private string? _schemaLocation;

    public ParquetConcatenation(Stream output)
    {
        _output = output;
    }

    // The input is one whole file, seekable: Parquet is read from its footer.
    public async Task AppendAsync(Stream input, string location, CancellationToken cancellationToken)
    {
        ParquetReader reader;
        try
        {
            reader = await ParquetReader.CreateAsync(input, parquetOptions: null, leaveStreamOpen: true, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or InvalidDataException or NotSupportedException)
        {
            throw MlopsException.Unprocessable($"'{location}' is not valid Parquet ({ex.Message}); fix or remove that file.", "location", ex);
        }

        await using (reader.ConfigureAwait(false))
        {
            if (_schema is null)
            {
                _schema = reader.Schema;
                _schemaLocation = location;
                _writer = await ParquetWriter.CreateAsync(_schema, _output, null, append: false, cancellationToken).ConfigureAwait(false);
            }
            else if (!_schema.Equals(reader.Schema))
            {
                throw MlopsException.Unprocessable(
                    $"'{location}' has the columns {Describe(reader.Schema)} but '{_schemaLocation}' has {Describe(_schema)}; files read as one data set " +
                    "(training.dataWindow) need the same columns in the same order. Fix or remove that file.",
                    "location");
            }

            var fields = _schema.GetDataFields();
            for (var i = 0; i < reader.RowGroupCount; i++)
            {
                var source = reader.OpenRowGroupReader(i);
                var rows = checked((int)source.RowCount);
                using var target = _writer!.CreateRowGroup();
                foreach (var field in fields)
                {
                    await (field.ClrType.IsValueType
                        ? (Task)CopyStruct.MakeGenericMethod(field.ClrType).Invoke(null, [source, target, field, rows, cancellationToken])!
                        : CopyStringsAsync(source, target, field, rows, cancellationToken)).ConfigureAwait(false);
                }
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_writer is not null)
        {
            await _writer.DisposeAsync().ConfigureAwait(false);
        }
    }

    private static readonly System.Reflection.MethodInfo CopyStruct =
        typeof(ParquetConcatenation).GetMethod(nameof(CopyStructAsync), System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Static)!;

    private static async Task CopyStructAsync<T>(ParquetRowGroupReader source, ParquetRowGroupWriter target, DataField field, int rows, CancellationToken cancellationToken)
        where T : struct
    {
        var values = await ParquetColumns.ReadAsync<T>(source, field, rows, cancellationToken).ConfigureAwait(false);
        if (field.IsNullable)
        {
            await target.WriteAsync<T>(field, values, null, null, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            await target.WriteAsync<T>(field, values.Select(v => v!.Value).ToArray(), null, null, cancellationToken).ConfigureAwait(false);
        }
    }

    private static async Task CopyStringsAsync(ParquetRowGroupReader source, ParquetRowGroupWriter target, DataField field, int rows, CancellationToken cancellationToken)
    {
        var values = new string?[rows];
        await source.ReadAsync(field, values.AsMemory(), repetitionLevels: null, cancellationToken).ConfigureAwait(false);
        await target.WriteAsync(field, values!, null).ConfigureAwait(false);
    }

    private static string Describe(ParquetSchema schema) =>
        "(" + string.Join(", ", schema.GetDataFields().Select(f => $"{f.Name} {f.ClrType.Name}{(f.IsNullable ? "?" : string.Empty)}")) + ")";
}
