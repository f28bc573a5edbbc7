namespace Mlops.Core.Monitoring;

/// <summary>One served prediction request as it is logged.</summary>
/// <param name="RequestId">The request id (also returned to the caller).</param>
/// <param name="Timestamp">When the request was served.</param>
/// <param name="Model">The model name.</param>
/// <param name="Version">The version that served it.</param>
/// <param name="Alias">The alias it was resolved through, if any.</param>
/// <param name="Rows">How many rows were scored.</param>
/// <param name="Inputs">UTF-8 JSON array of the input rows as objects keyed by column.</param>
/// <param name="Outputs">UTF-8 JSON array of the predictions, one per row.</param>
/// <param name="LatencyMs">Time to serve, in milliseconds.</param>
/// <param name="Features">For a request that gave entity keys: UTF-8 JSON object of the entities and, per feature
/// (<c>view:feature</c>), the view version, values, statuses and event timestamps looked up online (lineage from the
/// prediction back to the feature rows); empty otherwise.</param>
public sealed record PredictionRecord(
    string RequestId,
    DateTimeOffset Timestamp,
    string Model,
    int Version,
    string? Alias,
    int Rows,
    ReadOnlyMemory<byte> Inputs,
    ReadOnlyMemory<byte> Outputs,
    double LatencyMs,
    ReadOnlyMemory<byte> Features = default);
