using Microsoft.Extensions.Logging;
using Mlops.Core.Diagnostics;

namespace Mlops.Core.Registry;

/// <summary>The registry's log messages (event ids 1100–1199).</summary>
internal static partial class RegistryLog
{
    [LoggerMessage(EventId = LogEvents.Registry + 1, Level = LogLevel.Information, Message = "Registered {Model} version {Version} (sha256 {Sha256}, {Size} bytes) by {Actor}")]
    public static partial void VersionRegistered(ILogger logger, string model, int version, string sha256, long size, string actor);

    [LoggerMessage(EventId = LogEvents.Registry + 2, Level = LogLevel.Information, Message = "Alias {Model}@{Alias} set from {From} to {To} by {Actor}")]
    public static partial void AliasSet(ILogger logger, string model, string alias, int? from, int to, string actor);

    [LoggerMessage(EventId = LogEvents.Registry + 3, Level = LogLevel.Information, Message = "Alias {Model}@{Alias} (version {From}) deleted by {Actor}")]
    public static partial void AliasDeleted(ILogger logger, string model, string alias, int from, string actor);

    [LoggerMessage(EventId = LogEvents.Registry + 4, Level = LogLevel.Debug, Message = "Concurrent change to {Model}; retry {Attempt} after {Delay}")]
    public static partial void Contention(ILogger logger, string model, int attempt, TimeSpan delay);

    [LoggerMessage(EventId = LogEvents.Registry + 5, Level = LogLevel.Information, Message = "Updated {Model} version {Version} metadata ({Changes}) by {Actor}")]
    public static partial void VersionUpdated(ILogger logger, string model, int version, string changes, string actor);
}
