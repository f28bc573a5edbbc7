namespace Mlops.Core.Monitoring.Checks;

/// <summary>A request's actual outcomes with what the model predicted.</summary>
/// <param name="RequestId">The prediction request.</param>
/// <param name="Version">The version that served it.</param>
/// <param name="PredictedAt">When it was served.</param>
/// <param name="Rows">Rows scored.</param>
/// <param name="Outputs">The logged predictions: UTF-8 JSON array, one per row.</param>
/// <param name="Actual">The actual outcomes: UTF-8 JSON array, one per row.</param>
/// <param name="ReceivedAt">When the feedback arrived.</param>
internal sealed record FeedbackRow(string RequestId, int Version, DateTimeOffset PredictedAt, int Rows, byte[] Outputs, byte[] Actual, DateTimeOffset ReceivedAt);
