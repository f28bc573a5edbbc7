namespace Mlops.Core.Hosting;

/// <summary>A blob-triggered function (Event Grid source in Azure, the blob watcher on the server).</summary>
/// <param name="Name">The function name.</param>
/// <param name="Path">The blob path pattern, e.g. <c>training-data/{name}</c>.</param>
public sealed record BlobFunction(string Name, string Path);
