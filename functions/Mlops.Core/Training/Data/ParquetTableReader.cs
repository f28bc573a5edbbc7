using Mlops.Core.Diagnostics;
using Parquet;
using Parquet.Schema;

namespace Mlops.Core.Training.Data;

/// <summary>
/// Reads Parquet one row group at a time, one column at a time, straight into the column builders. Kinds come from
/// the physical types: numbers (integers, floats, decimals), booleans, strings and timestamps/dates. Binary, time
/// of day, intervals and nested columns (lists, maps, structs) are refused unless declared ignored.
/// </summary>
internal static class ParquetTableReader
{
    public static async Task<LoadedTable> ReadAsync(Stream stream, DatasetReadOptions options, CancellationToken cancellationToken)
    {
        if (!stream.CanSeek)
        {
            throw new ArgumentException("Parquet is read from its footer first, so the stream must be seekable; copy it to a file first.", nameof(stream));
        }

        if (stream.Length - stream.Position == 0)
        {
            throw MlopsException.Unprocessable("The data file is empty; upload a Parquet file with at least one row.");
        }

        ParquetReader reader;
        try
        {
            reader = await ParquetReader.CreateAsync(stream, parquetOptions: null, leaveStreamOpen: true, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            throw MlopsException.Unprocessable($"The file is not valid Parquet ({ex.Message}); check that it is a Parquet file or use a .csv name for CSV.", inner: ex);
        }

        await using (reader.ConfigureAwait(false))
        {
            var fields = reader.Schema.Fields;
            var source = fields.Select(Describe).ToArray();
            var resolved = SchemaResolver.Resolve(source, options);
            long total = 0;
            for (var g = 0; g < reader.RowGroupCount; g++)
            {
                total += reader.OpenRowGroupReader(g).RowCount;
            }

            if (total == 0)
            {
                throw MlopsException.Unprocessable($"The Parquet file has {fields.Count} columns but no rows; upload the data rows too.");
            }

            if (total > Array.MaxLength)
            {
                throw MlopsException.TooLarge($"The Parquet file has {total} rows; at most {Array.MaxLength} can be loaded at once.");
            }

            var builders = resolved.Schema.Columns
                .Select(c => c.Role == ColumnRole.Ignored ? null : ColumnBuilder.Create(c, options.MaxExamples, (int)total))
                .ToArray();
            try
            {
                for (var g = 0; g < reader.RowGroupCount; g++)
                {
                    var group = reader.OpenRowGroupReader(g);
                    var rows = checked((int)group.RowCount);
                    for (var i = 0; i < fields.Count; i++)
                    {
                        if (builders[i] is { } builder)
                        {
                            await ReadColumnAsync(group, (DataField)fields[i], rows, builder, cancellationToken).ConfigureAwait(false);
                        }
                    }
                }
            }
            catch (Exception ex) when (ex is not (OperationCanceledException or MlopsException))
            {
                throw MlopsException.Unprocessable($"The Parquet file could not be read ({ex.Message}); check that it is complete and not corrupt.", inner: ex);
            }

            return new LoadedTable(resolved, builders, (int)total);
        }
    }

    private static SourceColumn Describe(Field field)
    {
        if (field is not DataField data)
        {
            return new SourceColumn(field.Name, null, field.SchemaType.ToString().ToLowerInvariant());
        }

        if (data.IsArray)
        {
            return new SourceColumn(field.Name, null, "list");
        }

        var type = data.ClrType;
        ColumnKind? kind =
            type == typeof(bool) ? ColumnKind.Boolean
            : IsNumber(type) ? ColumnKind.Numeric
            : type == typeof(string) || type == typeof(ReadOnlyMemory<char>) ? ColumnKind.Categorical
            : type == typeof(DateTime) || type == typeof(DateTimeOffset) || type == typeof(DateOnly) ? ColumnKind.Timestamp
            : null;
        return new SourceColumn(field.Name, kind, kind is null ? FriendlyName(type) : null);
    }

    private static bool IsNumber(Type type) =>
        type == typeof(double) || type == typeof(float) || type == typeof(decimal)
        || type == typeof(long) || type == typeof(int) || type == typeof(short) || type == typeof(sbyte)
        || type == typeof(ulong) || type == typeof(uint) || type == typeof(ushort) || type == typeof(byte);

    private static string FriendlyName(Type type) =>
        type == typeof(ReadOnlyMemory<byte>) || type == typeof(byte[]) ? "binary"
        : type == typeof(TimeSpan) || type == typeof(TimeOnly) ? "time of day"
        : type.Name;

    private static Task ReadColumnAsync(ParquetRowGroupReader group, DataField field, int rows, ColumnBuilder builder, CancellationToken cancellationToken)
    {
        var type = field.ClrType;
        return type switch
        {
            _ when type == typeof(bool) => ReadStructAsync<bool>(group, field, rows, builder, static (b, v) => b.AppendBoolean(v), cancellationToken),
            _ when type == typeof(double) => ReadStructAsync<double>(group, field, rows, builder, static (b, v) => b.AppendNumber(v), cancellationToken),
            _ when type == typeof(float) => ReadStructAsync<float>(group, field, rows, builder, static (b, v) => b.AppendNumber(v), cancellationToken),
            _ when type == typeof(decimal) => ReadStructAsync<decimal>(group, field, rows, builder, static (b, v) => b.AppendNumber((double)v), cancellationToken),
            _ when type == typeof(long) => ReadStructAsync<long>(group, field, rows, builder, static (b, v) => b.AppendNumber(v), cancellationToken),
            _ when type == typeof(int) => ReadStructAsync<int>(group, field, rows, builder, static (b, v) => b.AppendNumber(v), cancellationToken),
            _ when type == typeof(short) => ReadStructAsync<short>(group, field, rows, builder, static (b, v) => b.AppendNumber(v), cancellationToken),
            _ when type == typeof(sbyte) => ReadStructAsync<sbyte>(group, field, rows, builder, static (b, v) => b.AppendNumber(v), cancellationToken),
            _ when type == typeof(ulong) => ReadStructAsync<ulong>(group, field, rows, builder, static (b, v) => b.AppendNumber(v), cancellationToken),
            _ when type == typeof(uint) => ReadStructAsync<uint>(group, field, rows, builder, static (b, v) => b.AppendNumber(v), cancellationToken),
            _ when type == typeof(ushort) => ReadStructAsync<ushort>(group, field, rows, builder, static (b, v) => b.AppendNumber(v), cancellationToken),
            _ when type == typeof(byte) => ReadStructAsync<byte>(group, field, rows, builder, static (b, v) => b.AppendNumber(v), cancellationToken),
            _ when type == typeof(DateTime) => ReadStructAsync<DateTime>(group, field, rows, builder, static (b, v) => b.AppendTimestamp(AsUtc(v)), cancellationToken),
            _ when type == typeof(DateTimeOffset) => ReadStructAsync<DateTimeOffset>(group, field, rows, builder, static (b, v) => b.AppendTimestamp(v), cancellationToken),
            _ when type == typeof(DateOnly) => ReadStructAsync<DateOnly>(
                group, field, rows, builder, static (b, v) => b.AppendTimestamp(new DateTimeOffset(v.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero)), cancellationToken),
            _ => ReadStringsAsync(group, field, rows, builder, cancellationToken),
        };
    }

    private static async Task ReadStructAsync<T>(
        ParquetRowGroupReader group, DataField field, int rows, ColumnBuilder builder, Action<ColumnBuilder, T> append, CancellationToken cancellationToken)
        where T : struct
    {
        var values = await ParquetColumns.ReadAsync<T>(group, field, rows, cancellationToken).ConfigureAwait(false);
        foreach (var value in values)
        {
            if (value is { } present)
            {
                append(builder, present);
            }
            else
            {
                builder.AppendMissing();
            }
        }
    }

    private static async Task ReadStringsAsync(ParquetRowGroupReader group, DataField field, int rows, ColumnBuilder builder, CancellationToken cancellationToken)
    {
        var values = new string?[rows];
        await group.ReadAsync(field, values.AsMemory(), repetitionLevels: null, cancellationToken).ConfigureAwait(false);
        foreach (var value in values)
        {
            if (value is null)
            {
                builder.AppendMissing();
            }
            else
            {
                builder.AppendText(value);
            }
        }
    }

    // Parquet timestamps without a zone are UTC by the format's convention (isAdjustedToUTC or not, there is no zone).
    private static DateTimeOffset AsUtc(DateTime value) => value.Kind == DateTimeKind.Local
        ? new DateTimeOffset(value.ToUniversalTime(), TimeSpan.Zero)
        : new DateTimeOffset(DateTime.SpecifyKind(value, DateTimeKind.Utc), TimeSpan.Zero);
}
