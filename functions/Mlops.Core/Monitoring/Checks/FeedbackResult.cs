namespace Mlops.Core.Monitoring.Checks;

/// <summary>What <c>POST /api/models/{name}/feedback</c> did with each outcome.</summary>
/// <param name="Model">The model.</param>
/// <param name="From">Start of the prediction-log window searched for the request ids.</param>
/// <param name="To">End of that window (exclusive).</param>
/// <param name="Received">Outcomes in the request.</param>
/// <param name="Accepted">Outcomes joined to a logged prediction and stored.</param>
/// <param name="AcceptedRows">Predicted rows those outcomes cover.</param>
/// <param name="UnknownRequestIds">Request ids with no prediction in the window (nothing stored for them).</param>
/// <param name="Rejected">Outcomes that matched a prediction but could not be stored, with why.</param>
internal sealed record FeedbackResult(
    string Model,
    DateTimeOffset From,
    DateTimeOffset To,
    int Received,
    int Accepted,
    int AcceptedRows,
    IReadOnlyList<string> UnknownRequestIds,
    IReadOnlyList<RejectedFeedback> Rejected);
