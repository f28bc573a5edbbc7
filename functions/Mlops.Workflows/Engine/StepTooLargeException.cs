namespace Mlops.Workflows.Engine;

/// <summary>A step's history exceeds <see cref="WorkflowLimits.MaxStepBytes"/>.</summary>
internal sealed class StepTooLargeException(int size)
    : Exception($"One workflow step recorded {size} bytes of history; the limit is {WorkflowLimits.MaxStepBytes}. Schedule fewer calls per step or pass large inputs as blob URIs.")
{
    public int Size { get; } = size;
}
