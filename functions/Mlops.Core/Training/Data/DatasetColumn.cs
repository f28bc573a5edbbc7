namespace Mlops.Core.Training.Data;

/// <summary>
/// One loaded column of a <see cref="TabularDataset"/>: typed values, one per row, with a missing marker per kind.
/// The concrete types are <see cref="NumericColumn"/>, <see cref="CategoricalColumn"/>, <see cref="BooleanColumn"/>
/// and <see cref="TimestampColumn"/>.
/// </summary>
public abstract class DatasetColumn
{
    private protected DatasetColumn(string name, int length)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        Name = name;
        Length = length;
    }

    /// <summary>The column name.</summary>
    public string Name { get; }

    /// <summary>The number of rows.</summary>
    public int Length { get; }

    /// <summary>How the values are typed.</summary>
    public abstract ColumnKind Kind { get; }

    /// <summary>Whether the value in <paramref name="row"/> is missing.</summary>
    public abstract bool IsMissing(int row);

    /// <summary>The value in <paramref name="row"/> as invariant text, or null when missing (for reports and messages).</summary>
    public abstract string? FormatValue(int row);

    /// <summary>A new column with the given rows, in the given order (for splits).</summary>
    public abstract DatasetColumn SelectRows(ReadOnlySpan<int> rows);

    /// <summary>The number of missing values.</summary>
    public int CountMissing()
    {
        var count = 0;
        for (var row = 0; row < Length; row++)
        {
            if (IsMissing(row))
            {
                count++;
            }
        }

        return count;
    }
}
