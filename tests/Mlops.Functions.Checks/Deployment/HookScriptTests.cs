using System.Management.Automation.Language;
using System.Text.Json;
using System.Text.RegularExpressions;
using Mlops.Core.Hosting;
using Mlops.Functions.Checks.Infrastructure;

namespace Mlops.Functions.Checks.Deployment;

/// <summary>
/// The azd hooks under infra/hooks. The bash ones are syntax-checked, linted with shellcheck and run: postprovision with an
/// azd-like environment, postdeploy against stand-ins for az and curl that record their calls. The PowerShell ones cannot
/// run here (no pwsh): PowerShell's own parser checks their syntax, and they are held to the same function list.
/// </summary>
public sealed partial class HookScriptTests
{
    public static TheoryData<string> BashHooks =>
        [.. Directory.EnumerateFiles(RepositoryPaths.Hooks, "*.sh").Select(path => Path.GetFileName(path)).Order(StringComparer.Ordinal)];

    [Theory]
    [MemberData(nameof(BashHooks))]
    public async Task BashHook_Syntax_Valid(string file)
    {
        var result = await Processes.RunAsync("bash", ["-n", Path.Combine(RepositoryPaths.Hooks, file)]);

        Assert.True(result.ExitCode == 0, result.Printed);
    }

    [Theory]
    [MemberData(nameof(BashHooks))]
    public async Task BashHook_Shellcheck_Clean(string file)
    {
        var shellcheck = Processes.FindOnPath("shellcheck")
            ?? throw new InvalidOperationException("shellcheck is not on PATH: run scripts/bootstrap.sh as root, or apt-get install shellcheck.");

        var result = await Processes.RunAsync(shellcheck, ["--severity=style", Path.Combine(RepositoryPaths.Hooks, file)]);

        Assert.True(result.ExitCode == 0, result.Printed);
    }

    [Theory]
    [MemberData(nameof(BashHooks))]
    public void BashHook_IsExecutable(string file)
    {
        // azd runs a posix hook as a program, so it needs the execute bit (git keeps it; git update-index --chmod=+x).
        var mode = OperatingSystem.IsWindows() ? UnixFileMode.UserExecute : File.GetUnixFileMode(Path.Combine(RepositoryPaths.Hooks, file));

        Assert.True((mode & UnixFileMode.UserExecute) != 0, $"chmod +x infra/hooks/{file}");
    }

    public static TheoryData<string> PowerShellHooks =>
        [.. Directory.EnumerateFiles(RepositoryPaths.Hooks, "*.ps1").Select(path => Path.GetFileName(path)).Order(StringComparer.Ordinal)];

    [Theory]
    [MemberData(nameof(PowerShellHooks))]
    public void PowerShellHook_Parses_WithoutErrors(string file)
    {
        Parser.ParseFile(Path.Combine(RepositoryPaths.Hooks, file), out _, out var errors);

        Assert.True(errors.Length == 0, string.Join(Environment.NewLine, errors.Select(e => $"{file}:{e.Extent.StartLineNumber}: {e.Message}")));
    }

    [Fact]
    public void PowerShellParser_BrokenScript_ReportsErrors()
    {
        Parser.ParseInput("if ($ready {\n  Write-Host 'x'\n", out _, out var errors);

        Assert.NotEmpty(errors);
    }

    [Fact]
    public void Hooks_EveryBashHook_HasItsPowerShellTwin()
    {
        var bash = Directory.EnumerateFiles(RepositoryPaths.Hooks, "*.sh").Select(Path.GetFileNameWithoutExtension).Order(StringComparer.Ordinal);
        var powershell = Directory.EnumerateFiles(RepositoryPaths.Hooks, "*.ps1").Select(Path.GetFileNameWithoutExtension).Order(StringComparer.Ordinal);

        Assert.Equal(bash, powershell);
    }

    [Fact]
    public void PostdeployHooks_BlobFunctions_AreTheCatalog()
    {
        var expected = FunctionCatalog.Blobs.Select(b => (b.Name, InfraTemplateTests.BlobContainer(b))).Order().ToList();

        var bash = BashBlobEntry().Matches(File.ReadAllText(Path.Combine(RepositoryPaths.Hooks, "postdeploy.sh")))
            .Select(m => (m.Groups[1].Value, m.Groups[2].Value)).Order().ToList();
        var powershell = PowerShellBlobEntry().Matches(File.ReadAllText(Path.Combine(RepositoryPaths.Hooks, "postdeploy.ps1")))
            .Select(m => (m.Groups[1].Value, m.Groups[2].Value)).Order().ToList();

        Assert.Equal(expected, bash);
        Assert.Equal(expected, powershell);
    }

    [Fact]
    public async Task Postprovision_WithAzdEnvironment_WritesLocalSettingsByEndpoint()
    {
        using var sandbox = new HookSandbox("postprovision.sh");

        var result = await sandbox.RunAsync(new()
        {
            ["AZURE_ENV_NAME"] = "dev",
            ["AZURE_STORAGE_BLOB_ENDPOINT"] = "https://stexample.blob.core.windows.net/",
            ["AZURE_STORAGE_QUEUE_ENDPOINT"] = "https://stexample.queue.core.windows.net/",
            ["AZURE_STORAGE_TABLE_ENDPOINT"] = "https://stexample.table.core.windows.net/",
            ["TASKHUB_NAME"] = "mlops",
        });

        Assert.True(result.ExitCode == 0, result.Printed);
        using var settings = JsonDocument.Parse(File.ReadAllText(sandbox.Path("functions/Mlops.Functions/local.settings.json")));
        var values = settings.RootElement.GetProperty("Values");
        Assert.Equal("https://stexample.blob.core.windows.net/", values.GetProperty("AzureWebJobsStorage__blobServiceUri").GetString());
        Assert.Equal("https://stexample.table.core.windows.net/", values.GetProperty("AzureWebJobsStorage__tableServiceUri").GetString());
        Assert.Equal("dotnet-isolated", values.GetProperty("FUNCTIONS_WORKER_RUNTIME").GetString());
        Assert.NotEqual("mlops", values.GetProperty("TASKHUB_NAME").GetString());
        Assert.All(FunctionCatalog.Timers, timer => Assert.Equal(timer.DefaultSchedule, values.GetProperty(timer.ScheduleSetting).GetString()));
        Assert.Contains("AzureWebJobsStorage__queueServiceUri=https://stexample.queue.core.windows.net/", File.ReadAllText(sandbox.Path(".azure/dev/server.env")), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Postprovision_WithoutEndpoints_FailsNamingTheSetting()
    {
        using var sandbox = new HookSandbox("postprovision.sh");

        var result = await sandbox.RunAsync(new() { ["AZURE_ENV_NAME"] = "dev" });

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("AZURE_STORAGE_BLOB_ENDPOINT is not set", result.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(sandbox.Path("functions/Mlops.Functions/local.settings.json")));
    }

    [Fact]
    public async Task Postdeploy_KeyAppearsOnThirdAttempt_SubscribesEveryBlobFunction()
    {
        using var sandbox = new HookSandbox("postdeploy.sh");
        sandbox.FakeAz(keyAfterAttempts: 2);

        var result = await sandbox.RunAsync(sandbox.DeployEnvironment());

        Assert.True(result.ExitCode == 0, result.Printed);
        var calls = sandbox.AzCalls();
        Assert.Equal(3, calls.Count(c => c.StartsWith("functionapp keys list", StringComparison.Ordinal)));
        var creates = calls.Where(c => c.StartsWith("eventgrid system-topic event-subscription create", StringComparison.Ordinal)).ToList();
        Assert.Equal(FunctionCatalog.Blobs.Count, creates.Count);
        Assert.All(FunctionCatalog.Blobs, blob => Assert.Contains(creates, c =>
            c.Contains($"--name {blob.Name.ToLowerInvariant()} ", StringComparison.Ordinal)
            && c.Contains($"--endpoint https://func-example.azurewebsites.net/runtime/webhooks/blobs?functionName=Host.Functions.{blob.Name}&code=blob-key ", StringComparison.Ordinal)
            && c.Contains($"--subject-begins-with /blobServices/default/containers/{InfraTemplateTests.BlobContainer(blob)}/", StringComparison.Ordinal)
            && c.Contains("--included-event-types Microsoft.Storage.BlobCreated", StringComparison.Ordinal)
            && c.Contains("--system-topic-name evgt-example", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Postdeploy_KeyNeverAppears_FailsWithoutSubscribing()
    {
        using var sandbox = new HookSandbox("postdeploy.sh");
        sandbox.FakeAz(keyAfterAttempts: int.MaxValue);
        var environment = sandbox.DeployEnvironment();
        environment["MLOPS_POSTDEPLOY_ATTEMPTS"] = "2";

        var result = await sandbox.RunAsync(environment);

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("azd hooks run postdeploy", result.Error, StringComparison.Ordinal);
        Assert.Equal(2, sandbox.AzCalls().Count(c => c.StartsWith("functionapp keys list", StringComparison.Ordinal)));
        Assert.DoesNotContain(sandbox.AzCalls(), c => c.Contains("event-subscription create", StringComparison.Ordinal));
    }

    [GeneratedRegex("""^\s*"([A-Za-z]+) ([a-z0-9-]+)"\s*$""", RegexOptions.Multiline)]
    private static partial Regex BashBlobEntry();

    [GeneratedRegex("""^\s*'([A-Za-z]+)'\s*=\s*'([a-z0-9-]+)'\s*$""", RegexOptions.Multiline)]
    private static partial Regex PowerShellBlobEntry();
}
