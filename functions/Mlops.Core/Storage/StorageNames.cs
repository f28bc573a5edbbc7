using Microsoft.Extensions.Options;

namespace Mlops.Core.Storage;

/// <summary>Resolves logical table and container names to the prefixed names in the account.</summary>
public sealed class StorageNames(IOptions<StorageOptions> options)
{
    private readonly string _prefix = options.Value.Prefix;

    /// <summary>The table name for a logical name such as <c>ModelVersions</c>.</summary>
    public string Table(string logicalName) => _prefix.Length == 0 ? logicalName : _prefix + logicalName;

    /// <summary>The container name for a logical name such as <c>models</c>.</summary>
    public string Container(string logicalName) => _prefix.Length == 0 ? logicalName : _prefix + logicalName;
}
