namespace Mlops.Workflows;

/// <summary>
/// The engine failed an instance because its code did not replay its history: the code changed while the instance
/// was in flight, or it awaited something that is not a workflow task. Its message says what differed.
/// </summary>
public sealed class NonDeterministicWorkflowException : Exception
{
    /// <summary>Creates the exception.</summary>
    public NonDeterministicWorkflowException(string message)
        : base(message)
    {
    }
}
