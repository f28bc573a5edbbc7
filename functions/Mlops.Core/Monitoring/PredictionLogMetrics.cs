using System.Diagnostics.Metrics;
using Mlops.Core.Diagnostics;

namespace Mlops.Core.Monitoring;

/// <summary>The prediction log's instruments on the product meter.</summary>
internal static class PredictionLogMetrics
{
    public static readonly UpDownCounter<long> Buffered = MlopsTelemetry.Meter.CreateUpDownCounter<long>(
        "mlops.prediction_log.buffered", "{record}", "Records accepted and not yet taken by the writer (buffer depth).");

    public static readonly Counter<long> RecordsWritten = MlopsTelemetry.Meter.CreateCounter<long>(
        "mlops.prediction_log.records_written", "{record}", "Records written to storage.");

    public static readonly Counter<long> Flushes = MlopsTelemetry.Meter.CreateCounter<long>(
        "mlops.prediction_log.flushes", "{blob}", "Blobs written (one per model and hour in each flush).");

    public static readonly Counter<long> WriteFailures = MlopsTelemetry.Meter.CreateCounter<long>(
        "mlops.prediction_log.write_failures", "{attempt}", "Failed blob writes (retried while transient).");

    public static readonly Counter<long> RecordsLost = MlopsTelemetry.Meter.CreateCounter<long>(
        "mlops.prediction_log.records_lost", "{record}", "Accepted records never written (storage rejected them or shutdown timed out).");
}
