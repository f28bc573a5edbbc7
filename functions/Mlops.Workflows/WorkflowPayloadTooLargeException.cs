namespace Mlops.Workflows;

/// <summary>A payload exceeds <see cref="WorkflowLimits.MaxPayloadBytes"/>; pass large data as blob URIs.</summary>
public sealed class WorkflowPayloadTooLargeException : Exception
{
    /// <summary>Creates the exception for a payload of <paramref name="size"/> bytes.</summary>
    public WorkflowPayloadTooLargeException(string what, int size)
        : base($"The {what} is {size} bytes of JSON; the limit is {WorkflowLimits.MaxPayloadBytes} bytes. Store large data in a blob and pass its URI.")
    {
        What = what;
        Size = size;
    }

    /// <summary>Which payload (e.g. "input of activity 'Train'").</summary>
    public string What { get; }

    /// <summary>Its size in bytes.</summary>
    public int Size { get; }
}
