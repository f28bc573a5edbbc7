using System.ComponentModel.DataAnnotations;

namespace Mlops.Core.Monitoring;

/// <summary>
/// The prediction log, bound from the <c>PredictionLog</c> section (<c>PredictionLog__BatchSize</c> in both hosts).
/// Memory held is at most <see cref="Capacity"/> buffered records plus one batch being written.
/// </summary>
public sealed class PredictionLogOptions
{
    /// <summary>The configuration section name.</summary>
    public const string SectionName = "PredictionLog";

    /// <summary>Log predictions at all; when off, appends are no-ops (benchmarks compare both). Default true.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>
    /// Records buffered in memory before <see cref="IPredictionLog.AppendAsync"/> waits for the writer to catch up.
    /// Default 50,000 (five batches: the buffer absorbs a slow upload without making requests wait).
    /// </summary>
    [Range(1, 10_000_000)]
    public int Capacity { get; set; } = 50_000;

    /// <summary>
    /// Most records written in one flush (one blob per model and hour in it). Default 10,000: storage's cost is mostly
    /// per request, so at high rates fewer, larger blobs cost a fraction of small ones; at low rates the flush interval
    /// decides and this does not matter.
    /// </summary>
    [Range(1, 1_000_000)]
    public int BatchSize { get; set; } = 10_000;

    /// <summary>Longest a buffered record waits before it is written, when the batch is not full. Default 1 s.</summary>
    [Range(typeof(TimeSpan), "00:00:00.001", "1.00:00:00", ParseLimitsInInvariantCulture = true, ConvertValueInInvariantCulture = true)]
    public TimeSpan FlushInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Longest wait between attempts while storage fails; attempts go on until storage is back (records stay
    /// buffered meanwhile) or the host's shutdown timeout ends them. Default 30 s.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.001", "01:00:00", ParseLimitsInInvariantCulture = true, ConvertValueInInvariantCulture = true)]
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromSeconds(30);
}
