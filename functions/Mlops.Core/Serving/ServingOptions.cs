using System.ComponentModel.DataAnnotations;

namespace Mlops.Core.Serving;

/// <summary>
/// Online serving settings, bound from the <c>Serving</c> section (<c>Serving__MaxBatchRows</c> as an app setting or
/// environment variable in both hosts).
/// </summary>
public sealed class ServingOptions
{
    /// <summary>The configuration section name.</summary>
    public const string SectionName = "Serving";

    /// <summary>Most rows one predict or infer request may score; more gets 413. Default 1000.</summary>
    [Range(1, 1_000_000)]
    public int MaxBatchRows { get; set; } = 1000;

    /// <summary>
    /// ONNX Runtime intra-op threads per session. Default 1: on small machines the web server needs the other cores, and
    /// single-row requests gain nothing from parallel operators. Inter-op threads are always 1 (sequential execution) and
    /// threads never spin-wait after work.
    /// </summary>
    [Range(1, 256)]
    public int IntraOpThreads { get; set; } = 1;

    /// <summary>
    /// How long an alias resolution (<c>champion</c> → version) is reused before the registry is asked again, in seconds.
    /// An alias move reaches every server process within this time. 0 asks the registry on every request. Default 2.
    /// </summary>
    [Range(0.0, 3600.0)]
    public double AliasCacheSeconds { get; set; } = 2;

    /// <summary>
    /// A loaded model version unused for this many seconds is unloaded (after its in-flight requests finish); the next
    /// request loads it again. This is how the previous champion's memory is returned after an alias move. Default 900.
    /// </summary>
    [Range(1.0, 7 * 24 * 3600.0)]
    public double SessionIdleSeconds { get; set; } = 900;

    /// <summary>
    /// Most model versions kept loaded at once; loading one more unloads the least recently used (after its in-flight
    /// requests finish). Default 16.
    /// </summary>
    [Range(1, 10_000)]
    public int MaxSessions { get; set; } = 16;

    /// <summary>
    /// Whether JSON <c>null</c> is accepted for floating-point features and passed to the model as NaN, the missing-value
    /// marker tree ensembles understand. When false, null is rejected (400). Strings such as <c>"NaN"</c> and
    /// non-finite numbers are always rejected. Default true.
    /// </summary>
    public bool AllowMissingValues { get; set; } = true;
}
