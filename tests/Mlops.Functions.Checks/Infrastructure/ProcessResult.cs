namespace Mlops.Functions.Checks.Infrastructure;

/// <summary>What a finished child process returned and printed.</summary>
internal sealed record ProcessResult(int ExitCode, string Output, string Error)
{
    /// <summary>Both streams, for assertion messages.</summary>
    public string Printed => $"exit code {ExitCode}{Environment.NewLine}{Output}{Error}";
}
