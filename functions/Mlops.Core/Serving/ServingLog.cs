using Microsoft.Extensions.Logging;
using Mlops.Core.Diagnostics;

namespace Mlops.Core.Serving;

internal static partial class ServingLog
{
    [LoggerMessage(EventId = LogEvents.Serving + 1, Level = LogLevel.Information, Message = "Loaded model {Model} version {Version} in {ElapsedMs:F1} ms ({Bytes} bytes)")]
    public static partial void SessionLoaded(ILogger logger, string model, int version, double elapsedMs, long bytes);

    [LoggerMessage(EventId = LogEvents.Serving + 2, Level = LogLevel.Information, Message = "Unloading model {Model} version {Version}: {Reason}")]
    public static partial void SessionEvicted(ILogger logger, string model, int version, string reason);

    [LoggerMessage(EventId = LogEvents.Serving + 3, Level = LogLevel.Information, Message = "Disposed the session of model {Model} version {Version}")]
    public static partial void SessionDisposed(ILogger logger, string model, int version);

    [LoggerMessage(EventId = LogEvents.Serving + 4, Level = LogLevel.Information, Message = "Alias {Alias} of model {Model} moved from version {From} to {To}")]
    public static partial void AliasMoved(ILogger logger, string model, string alias, int from, int to);

    [LoggerMessage(EventId = LogEvents.Serving + 5, Level = LogLevel.Error, Message = "Model {Model} version {Version} could not be loaded")]
    public static partial void SessionLoadFailed(ILogger logger, Exception exception, string model, int version);

    [LoggerMessage(EventId = LogEvents.Serving + 6, Level = LogLevel.Error, Message = "The artifact of model {Model} version {Version} has SHA-256 {Actual}, not the registered {Expected}")]
    public static partial void ArtifactDigestMismatch(ILogger logger, string model, int version, string actual, string expected);

    [LoggerMessage(EventId = LogEvents.Serving + 7, Level = LogLevel.Warning, Message = "Model {Model} version {Version} failed to run")]
    public static partial void RunFailed(ILogger logger, Exception exception, string model, int version);
}
