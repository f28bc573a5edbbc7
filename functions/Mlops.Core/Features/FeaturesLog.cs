using Microsoft.Extensions.Logging;
using Mlops.Core.Diagnostics;

namespace Mlops.Core.Features;

/// <summary>The feature store's log messages (event ids 1800–1899).</summary>
internal static partial class FeaturesLog
{
    [LoggerMessage(EventId = LogEvents.Features + 1, Level = LogLevel.Information, Message = "Feature view {View} defined as version {Version}")]
    public static partial void ViewDefined(ILogger logger, string view, int version);

    [LoggerMessage(EventId = LogEvents.Features + 2, Level = LogLevel.Debug, Message = "Concurrent definition of feature view {View}; retry {Attempt}")]
    public static partial void DefineContention(ILogger logger, string view, int attempt);

    [LoggerMessage(EventId = LogEvents.Features + 3, Level = LogLevel.Information,
        Message = "Materialized {View} v{Version} chunk {From:o}..{To:o}: {SourceRows} source rows from {Blobs} blobs, {Rows} feature rows offline, {Entities} entities online ({KeptNewer} kept newer)")]
    public static partial void ChunkMaterialized(ILogger logger, string view, int version, DateTimeOffset from, DateTimeOffset to, long sourceRows, int blobs, int rows, int entities, int keptNewer);

    [LoggerMessage(EventId = LogEvents.Features + 4, Level = LogLevel.Information, Message = "Loaded {Count} feature view definitions from {Path}")]
    public static partial void DefinitionsLoaded(ILogger logger, int count, string path);

    [LoggerMessage(EventId = LogEvents.Features + 5, Level = LogLevel.Error, Message = "Feature view definitions in {Path} could not be loaded")]
    public static partial void DefinitionsFailed(ILogger logger, Exception exception, string path);

    [LoggerMessage(EventId = LogEvents.Features + 6, Level = LogLevel.Information, Message = "Feature view {View} watermark moved to {Watermark:o}")]
    public static partial void WatermarkMoved(ILogger logger, string view, DateTimeOffset watermark);
}
