namespace Mlops.Tool;

/// <summary>A usage or input error: printed as one line, exit code 2.</summary>
internal sealed class ToolException(string message) : Exception(message);
