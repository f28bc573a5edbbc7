namespace Mlops.Core.Training.Workflows;

/// <summary>The data of the <c>approval</c> event a training run waits for under <see cref="GateMode.Approval"/>.</summary>
/// <param name="Approved">True promotes the version, false rejects it.</param>
/// <param name="By">Who decided; recorded as the actor of the alias change.</param>
/// <param name="Reason">Why.</param>
public sealed record TrainingApproval(bool Approved, string? By = null, string? Reason = null);
