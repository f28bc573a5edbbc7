using Mlops.Core.Training.Data;

namespace Mlops.Core.Monitoring.Drift;

/// <summary>
/// The data checked for drift: typed columns of equal length, matched to the reference by name. Built from a time
/// window of the prediction log (inputs by feature name, outputs as predictions) or from a data set a user uploads.
/// </summary>
public sealed class DriftCurrent
{
    private readonly Dictionary<string, DatasetColumn> _byName;
    private readonly IReadOnlyDictionary<string, long> _invalid;

    internal DriftCurrent(IReadOnlyList<DatasetColumn> columns, int rowCount, int skippedRecords, IReadOnlyDictionary<string, long>? invalid)
    {
        _byName = new Dictionary<string, DatasetColumn>(StringComparer.Ordinal);
        foreach (var column in columns)
        {
            if (column.Length != rowCount)
            {
                throw new ArgumentException($"Column '{column.Name}' has {column.Length} rows; every column must have {rowCount}.", nameof(columns));
            }

            if (!_byName.TryAdd(column.Name, column))
            {
                throw new ArgumentException($"Column '{column.Name}' appears twice.", nameof(columns));
            }
        }

        Columns = columns;
        RowCount = rowCount;
        SkippedRecords = skippedRecords;
        _invalid = invalid ?? new Dictionary<string, long>();
    }

    /// <summary>The rows in the window or data set.</summary>
    public int RowCount { get; }

    /// <summary>The columns, typed.</summary>
    public IReadOnlyList<DatasetColumn> Columns { get; }

    /// <summary>Prediction-log records left out because their inputs were not a JSON array of objects.</summary>
    public int SkippedRecords { get; }

    /// <summary>Columns of equal length (at least one).</summary>
    public static DriftCurrent FromColumns(IReadOnlyList<DatasetColumn> columns)
    {
        ArgumentNullException.ThrowIfNull(columns);
        if (columns.Count == 0)
        {
            throw new ArgumentException("At least one column is needed.", nameof(columns));
        }

        return new DriftCurrent(columns, columns[0].Length, 0, null);
    }

    /// <summary>Every loaded column of a data set (features and label).</summary>
    public static DriftCurrent FromDataset(TabularDataset data)
    {
        ArgumentNullException.ThrowIfNull(data);
        return new DriftCurrent(data.Columns, data.RowCount, 0, null);
    }

    /// <summary>
    /// The logged predictions as columns typed like <paramref name="reference"/>'s: inputs by feature name, outputs by
    /// prediction name (a plain value per row when the reference has one prediction column). A property missing
    /// from a row or null is a missing value; a value that is not of the column's type counts as missing and invalid.
    /// </summary>
    public static DriftCurrent FromPredictionLog(IEnumerable<PredictionRecord> records, DriftReference reference)
    {
        ArgumentNullException.ThrowIfNull(records);
        var parser = new PredictionLogParser(reference);
        foreach (var record in records)
        {
            parser.Add(record);
        }

        return parser.Build();
    }

    /// <inheritdoc cref="FromPredictionLog"/>
    public static async Task<DriftCurrent> FromPredictionLogAsync(
        IAsyncEnumerable<PredictionRecord> records,
        DriftReference reference,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(records);
        var parser = new PredictionLogParser(reference);
        await foreach (var record in records.WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            parser.Add(record);
        }

        return parser.Build();
    }

    /// <summary>The column with this name, or null.</summary>
    public DatasetColumn? FindColumn(string name) => _byName.GetValueOrDefault(name);

    /// <summary>Values of the column that were present but not of its type (wrong JSON type, text that is not a number).</summary>
    internal long InvalidValues(string name) => _invalid.GetValueOrDefault(name);
}
