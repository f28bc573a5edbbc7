using Mlops.Core.Diagnostics;

namespace Mlops.Core.Training.Data;

internal sealed class LocalFileDataSource(string path) : DataSource(path, Path.GetFileName(path) is { Length: > 0 } name ? name : path)
{
    public override Task<Stream> OpenReadAsync(CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        try
        {
            Stream stream = new FileStream(Location, FileMode.Open, FileAccess.Read, FileShare.Read, 81920, FileOptions.Asynchronous | FileOptions.SequentialScan);
            return Task.FromResult(stream);
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            throw MlopsException.NotFound($"There is no file at '{Location}'.", "location");
        }
        catch (UnauthorizedAccessException)
        {
            throw MlopsException.Validation($"The file '{Location}' cannot be read; check its permissions.", "location");
        }
    }
}
