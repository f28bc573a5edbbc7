using System.Diagnostics.Metrics;
using Mlops.Core.Diagnostics;

namespace Mlops.Core.Serving;

internal static class ServingMetrics
{
    public static Counter<long> Rows { get; } =
        MlopsTelemetry.Meter.CreateCounter<long>("mlops.serving.rows", description: "Rows scored by the predict and infer routes.");

    public static Histogram<double> Duration { get; } =
        MlopsTelemetry.Meter.CreateHistogram<double>("mlops.serving.duration", unit: "ms", description: "Time to serve a predict or infer request.");
}
