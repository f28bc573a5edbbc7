namespace Mlops.Core.Training.Data;

/// <summary>A place tabular data is read from: a blob in the platform's account, or a local file.</summary>
public abstract class DataSource
{
    /// <summary>Creates a source.</summary>
    /// <param name="location">The canonical location (<c>blob://container/path</c>, a blob URL or a full file path).</param>
    /// <param name="fileName">The file name, whose extension gives the format.</param>
    protected DataSource(string location, string fileName)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(location);
        ArgumentException.ThrowIfNullOrWhiteSpace(fileName);
        Location = location;
        FileName = fileName;
    }

    /// <summary>The canonical location, for messages and lineage.</summary>
    public string Location { get; }

    /// <summary>The file name (last path segment).</summary>
    public string FileName { get; }

    /// <summary>The format the extension names (<c>.csv</c>, <c>.tsv</c>, <c>.parquet</c>), or null.</summary>
    public DataFormat? Format => DataFormats.FromFileName(FileName);

    /// <summary>Opens the content for reading; a 404 <c>MlopsException</c> when there is none.</summary>
    public abstract Task<Stream> OpenReadAsync(CancellationToken cancellationToken = default);
}
