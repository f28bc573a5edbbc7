using Mlops.Core.Training.Data;
using Parquet;
using Parquet.Schema;

namespace Mlops.Core.Features.PointInTime;

/// <summary>
/// Writes a joined training set as Parquet: the entity rows' loaded columns in their order and types, then the joined
/// features (double or string, nullable), in row groups, so the training intake reads, snapshots and profiles it
/// exactly like an uploaded file.
/// </summary>
internal static class TrainingSetParquet
{
    private const int RowGroupSize = 100_000;

    public static async Task WriteAsync(Stream output, TabularDataset entities, IReadOnlyList<FeatureColumn> features, CancellationToken cancellationToken)
    {
        var fields = new List<DataField>();
        foreach (var column in entities.Columns)
        {
            fields.Add(column.Kind switch
            {
                ColumnKind.Numeric => new DataField<double?>(column.Name),
                ColumnKind.Boolean => new DataField<bool?>(column.Name),
                ColumnKind.Timestamp => new DataField<DateTime?>(column.Name),
                _ => new DataField<string>(column.Name),
            });
        }

        foreach (var feature in features)
        {
            fields.Add(feature.ValueType == FeatureValueType.Number ? new DataField<double?>(feature.Name) : new DataField<string>(feature.Name));
        }

        var writer = await ParquetWriter.CreateAsync(new ParquetSchema(fields), output, null, append: false, cancellationToken).ConfigureAwait(false);
        await using (writer.ConfigureAwait(false))
        {
            var rows = entities.RowCount;
            for (var start = 0; start < rows; start += RowGroupSize)
            {
                var count = Math.Min(RowGroupSize, rows - start);
                using var group = writer.CreateRowGroup();
                var f = 0;
                foreach (var column in entities.Columns)
                {
                    await WriteColumnAsync(group, fields[f++], column, start, count, cancellationToken).ConfigureAwait(false);
                }

                foreach (var feature in features)
                {
                    var field = fields[f++];
                    if (feature.Numbers is { } numbers)
                    {
                        await group.WriteAsync<double>(field, Nullable(numbers.AsSpan(start, count)), null, null, cancellationToken).ConfigureAwait(false);
                    }
                    else
                    {
                        await group.WriteAsync(field, feature.Texts.AsSpan(start, count).ToArray()!, null).ConfigureAwait(false);
                    }
                }
            }
        }
    }

    private static Task WriteColumnAsync(ParquetRowGroupWriter group, DataField field, DatasetColumn column, int start, int count, CancellationToken cancellationToken)
    {
        switch (column)
        {
            case NumericColumn numeric:
                return group.WriteAsync<double>(field, Nullable(numeric.Values.Span.Slice(start, count)), null, null, cancellationToken);
            case BooleanColumn boolean:
                return group.WriteAsync<bool>(field, boolean.Values.Slice(start, count), null, null, cancellationToken);
            case TimestampColumn timestamp:
                var times = new DateTime?[count];
                var source = timestamp.Values.Span.Slice(start, count);
                for (var i = 0; i < count; i++)
                {
                    times[i] = source[i]?.UtcDateTime;
                }

                return group.WriteAsync<DateTime>(field, times, null, null, cancellationToken);
            default:
                var texts = new string?[count];
                for (var i = 0; i < count; i++)
                {
                    texts[i] = column.FormatValue(start + i);
                }

                return group.WriteAsync(field, texts!, null);
        }
    }

    private static double?[] Nullable(ReadOnlySpan<double> values)
    {
        var result = new double?[values.Length];
        for (var i = 0; i < values.Length; i++)
        {
            result[i] = double.IsNaN(values[i]) ? null : values[i];
        }

        return result;
    }
}
