using System.Reflection;
using System.Text.Json;

namespace Mlops.Functions.Checks.Infrastructure;

/// <summary>
/// The Bicep CLI from the Azure.Bicep.CommandLine.linux-x64 package (a PackageDownload of this project, so restore fetches
/// it from NuGet like any package), and the templates under infra/.
/// </summary>
internal static class BicepCli
{
    private static readonly Lazy<Task<JsonDocument>> LazyMainTemplate = new(() => CompileAsync(Path.Combine(RepositoryPaths.Infra, "main.bicep")));

    public static string InfraFile(string relativePath) => Path.Combine(RepositoryPaths.Infra, relativePath);

    /// <summary>Every .bicep file under infra/, relative to it.</summary>
    public static IEnumerable<string> Files() =>
        Directory.EnumerateFiles(RepositoryPaths.Infra, "*.bicep", SearchOption.AllDirectories)
            .Select(path => Path.GetRelativePath(RepositoryPaths.Infra, path))
            .Order(StringComparer.Ordinal);

    /// <summary>infra/main.bicep compiled to an ARM template (once per test run).</summary>
    public static Task<JsonDocument> MainTemplateAsync() => LazyMainTemplate.Value;

    public static Task<ProcessResult> RunAsync(params string[] arguments) => Processes.RunAsync(Executable(), arguments);

    /// <summary>The diagnostics lines ("file(line,col) : Warning rule: ...") of a build or lint.</summary>
    public static IReadOnlyList<string> Diagnostics(ProcessResult result) =>
        (result.Output + "\n" + result.Error).Split('\n')
            .Where(line => line.Contains(" : Warning ", StringComparison.Ordinal) || line.Contains(" : Error ", StringComparison.Ordinal))
            .ToList();

    private static async Task<JsonDocument> CompileAsync(string path)
    {
        var result = await RunAsync("build", path, "--stdout");
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException($"bicep build {path} failed: {result.Printed}");
        }

        return JsonDocument.Parse(result.Output);
    }

    private static string Executable()
    {
        var path = typeof(BicepCli).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "BicepCli").Value
            ?? throw new InvalidOperationException("The BicepCli assembly metadata is empty.");
        if (!File.Exists(path))
        {
            throw new InvalidOperationException(
                $"The Bicep CLI is not at '{path}': restore tests/Mlops.Functions.Checks (scripts/bootstrap.sh), which downloads Azure.Bicep.CommandLine.linux-x64.");
        }

        if (!OperatingSystem.IsLinux())
        {
            throw new PlatformNotSupportedException("The Bicep checks run the linux-x64 Bicep CLI; run them on Linux (as CI does).");
        }

        // Package extraction does not promise the execute bit.
        var mode = File.GetUnixFileMode(path);
        if ((mode & UnixFileMode.UserExecute) == 0)
        {
            File.SetUnixFileMode(path, mode | UnixFileMode.UserExecute);
        }

        return path;
    }
}
