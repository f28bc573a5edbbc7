using System.ComponentModel.DataAnnotations;

namespace Mlops.Core.Pipelines.Triggers;

/// <summary>The server's blob watcher (section <c>Pipelines:BlobWatcher</c>), which stands in for Event Grid on one machine.</summary>
public sealed class BlobWatcherOptions
{
    /// <summary>The configuration section name.</summary>
    public const string SectionName = "Pipelines:BlobWatcher";

    /// <summary>Watch the trigger containers (server only; the Functions app gets Event Grid). Default true.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>How often each trigger container is listed. Default 10 s.</summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "1.00:00:00", ErrorMessage = "Pipelines:BlobWatcher:PollInterval must be between 50 ms and 1 day.")]
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// How far before the high-water mark (the newest blob time seen) a listing still looks, for blobs whose commit time
    /// lags the listing; blobs in the window are told apart by the persisted seen set. Default 10 min.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "7.00:00:00", ErrorMessage = "Pipelines:BlobWatcher:Window must be between 0 and 7 days.")]
    public TimeSpan Window { get; set; } = TimeSpan.FromMinutes(10);
}
