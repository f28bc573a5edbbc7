namespace Mlops.Core.Training.Workflows;

/// <summary>How the training workflow decides whether a new version replaces the champion.</summary>
public enum GateMode
{
    /// <summary>Promote when the challenger beats the champion by the margin on the gate metric (no champion: promote).</summary>
    Automatic,

    /// <summary>Wait for an <c>approval</c> event (<see cref="TrainingApproval"/>); no answer before the timeout rejects.</summary>
    Approval,
}
