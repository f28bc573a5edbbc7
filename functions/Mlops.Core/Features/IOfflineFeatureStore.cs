namespace Mlops.Core.Features;

/// <summary>
/// The offline store: every feature row of a view in Parquet, one file per materialized chunk, under
/// <c>features/{view}/date=yyyy-MM-dd/v{version}-{part}.parquet</c> (see <see cref="OfflineFeatureLayout"/>). Columns: the
/// entity columns (strings), the view's timestamp column (UTC) and one column per feature (double or string, nullable).
/// Reads go one file at a time, so memory stays bounded by the largest file whatever the range.
/// </summary>
public interface IOfflineFeatureStore
{
    /// <summary>
    /// Writes the rows of one date partition as one file, replacing the file of the same part: the file's content follows
    /// from the view version and the source rows, so rewriting a part (a rerun) gives the same rows.
    /// </summary>
    /// <returns>The file written.</returns>
    Task<OfflineFeatureFile> WriteAsync(FeatureView view, DateOnly date, string part, FeatureFrame frame, CancellationToken cancellationToken = default);

    /// <summary>Deletes one part if it exists (a rerun of a chunk whose source no longer has rows); returns whether it existed.</summary>
    Task<bool> DeleteAsync(FeatureView view, DateOnly date, string part, CancellationToken cancellationToken = default);

    /// <summary>The files of a view version whose date partition is within [<paramref name="from"/>, <paramref name="to"/>], by date then part.</summary>
    IAsyncEnumerable<OfflineFeatureFile> ListFilesAsync(FeatureView view, DateOnly from, DateOnly to, CancellationToken cancellationToken = default);

    /// <summary>Reads one file.</summary>
    Task<FeatureFrame> ReadFileAsync(FeatureView view, OfflineFeatureFile file, CancellationToken cancellationToken = default);

    /// <summary>
    /// Reads the rows with event time in [<paramref name="from"/>, <paramref name="to"/>), one frame per file (files with no
    /// such row yield nothing), by date partition then part. Rows are not sorted across files.
    /// </summary>
    IAsyncEnumerable<FeatureFrame> ReadAsync(FeatureView view, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken = default);
}
