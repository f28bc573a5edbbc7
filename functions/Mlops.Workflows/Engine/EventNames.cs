namespace Mlops.Workflows.Engine;

/// <summary>Event names: 1-128 characters without control characters.</summary>
internal static class EventNames
{
    public static string Validate(string? name, string parameterName)
    {
        if (string.IsNullOrWhiteSpace(name) || name.Length > WorkflowLimits.MaxEventNameLength || name.Any(char.IsControl))
        {
            throw new ArgumentException(
                $"An event name must be 1-{WorkflowLimits.MaxEventNameLength} characters without control characters; got '{name}'.", parameterName);
        }

        return name;
    }
}
