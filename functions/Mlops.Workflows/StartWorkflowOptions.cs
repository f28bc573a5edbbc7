namespace Mlops.Workflows;

/// <summary>Options for <see cref="IWorkflowClient.StartWorkflowAsync"/>; mirrors Durable's <c>StartOrchestrationOptions</c>.</summary>
/// <param name="InstanceId">
/// The instance id; default: a new GUID. Starting an id that already exists (in any status) throws
/// <see cref="WorkflowInstanceExistsException"/> and starts nothing, so a caller-derived id makes start idempotent;
/// purge the old instance to reuse an id. At most <see cref="WorkflowLimits.MaxInstanceIdLength"/> characters, no
/// <c>/ \ # ?</c> or control characters.
/// </param>
public sealed record StartWorkflowOptions(string? InstanceId = null);
