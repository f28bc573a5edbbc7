namespace Mlops.Workflows.Engine;

/// <summary>Instance ids are table partition keys: 1-200 characters, none of <c>/ \ # ?</c>, no control characters.</summary>
internal static class InstanceIds
{
    public static string Validate(string? instanceId, string parameterName)
    {
        if (string.IsNullOrEmpty(instanceId) || instanceId.Length > WorkflowLimits.MaxInstanceIdLength
            || instanceId.AsSpan().IndexOfAny(['/', '\\', '#', '?']) >= 0 || instanceId.Any(char.IsControl))
        {
            throw new ArgumentException(
                $"An instance id must be 1-{WorkflowLimits.MaxInstanceIdLength} characters without '/', '\\', '#', '?' or control characters; got '{instanceId}'.",
                parameterName);
        }

        return instanceId;
    }
}
