namespace Mlops.Functions.Checks.Infrastructure;

/// <summary>
/// A throwaway repository layout (infra/hooks/&lt;script&gt;, functions/Mlops.Functions/) to run one azd hook in, with a
/// bin/ folder first on PATH for stand-ins of az and curl that record their arguments.
/// </summary>
internal sealed class HookSandbox : IDisposable
{
    private readonly DirectoryInfo _root = Directory.CreateTempSubdirectory("mlops-hook-");
    private readonly string _script;

    public HookSandbox(string script)
    {
        _script = Path("infra/hooks/" + script);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(_script)!);
        Directory.CreateDirectory(Path("functions/Mlops.Functions"));
        Directory.CreateDirectory(Path("bin"));
        File.Copy(System.IO.Path.Combine(RepositoryPaths.Hooks, script), _script);
        WriteTool("curl", "exit 0");
    }

    public string Path(string relative) => System.IO.Path.Combine(_root.FullName, relative);

    /// <summary>An az that answers <c>functionapp keys list</c> with nothing for <paramref name="keyAfterAttempts"/> calls, then 'blob-key'.</summary>
    public void FakeAz(int keyAfterAttempts) => WriteTool("az", $$"""
        echo "$*" >> "{{Path("az.log")}}"
        if [[ "$1 $2 $3" == "functionapp keys list" ]]; then
          count=$(( $(cat "{{Path("az.count")}}" 2>/dev/null || echo 0) + 1 ))
          echo "$count" > "{{Path("az.count")}}"
          if (( count > {{keyAfterAttempts}} )); then echo blob-key; fi
        fi
        exit 0
        """);

    /// <summary>What azd would pass the postdeploy hook, with no waiting between retries.</summary>
    public Dictionary<string, string?> DeployEnvironment() => new()
    {
        ["AZURE_RESOURCE_GROUP"] = "rg-example",
        ["AZURE_FUNCTION_APP_NAME"] = "func-example",
        ["AZURE_FUNCTION_URI"] = "https://func-example.azurewebsites.net",
        ["AZURE_EVENTGRID_SYSTEM_TOPIC_NAME"] = "evgt-example",
        ["AZURE_SUBSCRIPTION_ID"] = null,
        ["MLOPS_POSTDEPLOY_DELAY_SECONDS"] = "0",
    };

    public IReadOnlyList<string> AzCalls() =>
        File.Exists(Path("az.log")) ? File.ReadAllLines(Path("az.log")) : [];

    public Task<ProcessResult> RunAsync(Dictionary<string, string?> environment)
    {
        environment["PATH"] = Path("bin") + System.IO.Path.PathSeparator + Environment.GetEnvironmentVariable("PATH");
        // Only what the test passes: an azd environment of the developer's shell must not leak in.
        foreach (var name in Environment.GetEnvironmentVariables().Keys.Cast<string>()
                     .Where(n => (n.StartsWith("AZURE_", StringComparison.Ordinal) || n == "TASKHUB_NAME") && !environment.ContainsKey(n)))
        {
            environment[name] = null;
        }

        return Processes.RunAsync("bash", [_script], _root.FullName, environment);
    }

    public void Dispose() => _root.Delete(recursive: true);

    private void WriteTool(string name, string body)
    {
        var path = Path("bin/" + name);
        File.WriteAllText(path, "#!/usr/bin/env bash\n" + body + "\n");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
    }
}
