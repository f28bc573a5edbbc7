using Parquet;
using Parquet.Schema;

namespace Mlops.Core.Training.Data;

/// <summary>Reads a row group's column of structs as nullable values, the one way every Parquet reader here does it.</summary>
internal static class ParquetColumns
{
    public static async Task<T?[]> ReadAsync<T>(ParquetRowGroupReader group, DataField field, int rows, CancellationToken cancellationToken)
        where T : struct
    {
        var values = new T?[rows];
        if (field.IsNullable)
        {
            await group.ReadAsync<T>(field, values.AsMemory(), repetitionLevels: null, cancellationToken).ConfigureAwait(false);
            return values;
        }

        // A required column has no definition levels; read as nullable values it was intermittently shifted by one
        // under load (Parquet.Net 6.1), the first row coming back missing, so it is read as plain values.
        var required = new T[rows];
        await group.ReadAsync<T>(field, required.AsMemory(), repetitionLevels: null, cancellationToken).ConfigureAwait(false);
        for (var i = 0; i < rows; i++)
        {
            values[i] = required[i];
        }

        return values;
    }
}
