using Mlops.Core.Diagnostics;

namespace Mlops.Core.Registry;

/// <summary>Argument checks and not-found errors every registry backend shares, so they fail the same way.</summary>
internal static class RegistryChecks
{
    /// <summary>The most audit entries one listing returns.</summary>
    public const int MaxAuditLimit = 1000;

    public static void CheckLimit(int limit)
    {
        if (limit is < 1 or > MaxAuditLimit)
        {
            throw MlopsException.Validation($"limit must be between 1 and {MaxAuditLimit}; got {limit}.", "limit");
        }
    }

    public static void CheckVersion(int version)
    {
        if (version < 1)
        {
            throw MlopsException.Validation($"Version {version} is invalid: use a positive whole number such as 1.", "version");
        }
    }

    public static MlopsException ModelNotFound(string name) =>
        MlopsException.NotFound($"Model '{name}' is not registered; register a version with POST /api/models/{name}/versions.", "name");

    public static MlopsException VersionNotFound(string name, int version) =>
        MlopsException.NotFound($"Model '{name}' has no version {version}.", "version");

    public static MlopsException AliasNotFound(string name, string alias) =>
        MlopsException.NotFound($"Model '{name}' has no alias '{alias}'.", "alias");

    public static void CheckAliasable(ModelVersion target)
    {
        if (target.Status != ModelVersionStatus.Ready)
        {
            throw MlopsException.Conflict($"Version {target.Version} of model '{target.Name}' is {target.Status}; only a ready version can be aliased.", "version");
        }
    }

    public static ModelVersion CheckServable(ModelVersion version) =>
        version.Status == ModelVersionStatus.Ready
            ? version
            : throw MlopsException.NotFound($"Version {version.Version} of model '{version.Name}' is {version.Status}, not ready to serve.", "version");
}
