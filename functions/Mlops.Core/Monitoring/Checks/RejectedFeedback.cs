namespace Mlops.Core.Monitoring.Checks;

/// <summary>An outcome that matched a logged prediction but was not stored.</summary>
/// <param name="RequestId">The request.</param>
/// <param name="Error">Why.</param>
internal sealed record RejectedFeedback(string RequestId, string Error);
