namespace Mlops.Core.Monitoring.Checks;

/// <summary>What a check did about retraining.</summary>
/// <param name="Started">Whether it started a retraining.</param>
/// <param name="Reason"><c>drift</c> or <c>performance</c>.</param>
/// <param name="InstanceId">The retraining instance started, or the one still running.</param>
/// <param name="Note">Why nothing was started (policy off, cool-down, one still running), or null.</param>
internal sealed record RetrainingDecision(bool Started, string Reason, string? InstanceId, string? Note);
