namespace Mlops.Core.Pipelines.Triggers;

/// <summary>The result of handling one event.</summary>
/// <param name="EventId">The event's id.</param>
/// <param name="Outcome">What happened.</param>
/// <param name="Message">Why, in words.</param>
/// <param name="Workflow">The workflow the event routes to, if any.</param>
/// <param name="InstanceId">The instance started (or found) for it, if any.</param>
public sealed record BlobEventResult(string EventId, BlobEventOutcome Outcome, string Message, string? Workflow = null, string? InstanceId = null);
