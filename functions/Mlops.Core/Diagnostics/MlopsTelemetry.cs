using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Mlops.Core.Diagnostics;

/// <summary>The product's one <see cref="ActivitySource"/> and one <see cref="Meter"/>, both named <c>Mlops</c>.</summary>
public static class MlopsTelemetry
{
    /// <summary>The name of the activity source and the meter.</summary>
    public const string Name = "Mlops";

    /// <summary>Traces for requests, workflows and storage calls.</summary>
    public static ActivitySource ActivitySource { get; } = new(Name);

    /// <summary>Metrics: predictions, latencies, queue depths.</summary>
    public static Meter Meter { get; } = new(Name);
}
