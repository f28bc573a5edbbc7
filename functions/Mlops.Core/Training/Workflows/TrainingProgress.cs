namespace Mlops.Core.Training.Workflows;

/// <summary>The training workflow's custom status: the current step and its progress.</summary>
/// <param name="Step"><c>prepare</c>, <c>train</c>, <c>evaluate</c>, <c>register</c>, <c>approval</c>, <c>aliases</c>, <c>done</c>.</param>
/// <param name="StepNumber">The step's position, 1-based.</param>
/// <param name="Steps">How many steps there are.</param>
/// <param name="Progress">Within the step, e.g. <c>3/8 candidates</c>.</param>
/// <param name="Version">The registered version, once there is one.</param>
/// <param name="WaitingFor">The event the run waits for (<c>approval</c>).</param>
/// <param name="Deadline">When the wait times out (UTC).</param>
/// <param name="Comparison">The gate's comparison of the new version with the champion.</param>
internal sealed record TrainingProgress(
    string Step,
    int StepNumber,
    int Steps,
    string? Progress = null,
    int? Version = null,
    string? WaitingFor = null,
    DateTime? Deadline = null,
    string? Comparison = null);
