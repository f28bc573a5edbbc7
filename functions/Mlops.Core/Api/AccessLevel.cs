namespace Mlops.Core.Api;

/// <summary>What a route requires, mirroring Azure Functions' authorization levels.</summary>
public enum AccessLevel
{
    /// <summary>No key needed (health, protocol metadata).</summary>
    Anonymous,

    /// <summary>A function key or the admin key: predictions and reads.</summary>
    Function,

    /// <summary>The admin key: registry writes, alias moves, pipeline control.</summary>
    Admin,
}
