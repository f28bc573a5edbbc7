using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Mlops.Core.Tests.Infrastructure;

namespace Mlops.Server.Tests.Infrastructure;

/// <summary>
/// The built Mlops.Server as a child process against the test Azurite with a given storage prefix: a real process that a
/// test can kill (the whole process tree, like kill -9) and start again over the same storage.
/// </summary>
public sealed class ServerProcess : IAsyncDisposable
{
    private const int MaxLogChars = 200_000;

    private readonly Process _process;
    private readonly StringBuilder _log = new();

    private ServerProcess(Process process, Uri baseAddress)
    {
        _process = process;
        BaseAddress = baseAddress;
    }

    public Uri BaseAddress { get; }

    /// <summary>The child's stdout and stderr so far (for failure messages).</summary>
    public string Log
    {
        get
        {
            lock (_log)
            {
                return _log.ToString();
            }
        }
    }

    public static async Task<ServerProcess> StartAsync(string prefix, IReadOnlyDictionary<string, string?>? settings = null)
    {
        var port = FreePort();
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host : "dotnet")
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Path.GetDirectoryName(ServerAssembly())!,
        };
        start.ArgumentList.Add(ServerAssembly());
        var environment = new Dictionary<string, string?>(CoreHost.BaseSettings(prefix))
        {
            ["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}",
            ["ASPNETCORE_ENVIRONMENT"] = "Development",
            ["Logging:LogLevel:Default"] = "Warning",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            environment[key] = value;
        }

        foreach (var (key, value) in environment)
        {
            start.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("The server process did not start.");
        var server = new ServerProcess(process, new Uri($"http://127.0.0.1:{port}"));
        process.OutputDataReceived += (_, e) => server.Append(e.Data);
        process.ErrorDataReceived += (_, e) => server.Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        await server.WaitUntilHealthyAsync();
        return server;
    }

    public HttpClient CreateAdminClient() => CreateClient(CoreHost.AdminKey);

    public HttpClient CreateFunctionClient() => CreateClient(CoreHost.FunctionKey);

    /// <summary>Kills the server and every child at once (SIGKILL: no graceful shutdown, nothing flushed or handed over).</summary>
    public void Kill()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        _process.WaitForExit();
    }

    public ValueTask DisposeAsync()
    {
        Kill();
        _process.Dispose();
        return ValueTask.CompletedTask;
    }

    private HttpClient CreateClient(string key)
    {
        var client = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(100) };
        client.DefaultRequestHeaders.Add("x-functions-key", key);
        return client;
    }

    private async Task WaitUntilHealthyAsync()
    {
        using var client = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(5) };
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"The server exited with {_process.ExitCode} before it answered:\n{Log}");
            }

            try
            {
                using var response = await client.GetAsync("/api/health");
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            catch (TaskCanceledException)
            {
                // Starting slowly on a loaded machine.
            }

            if (deadline.Elapsed > Eventually.Timeout * 2)
            {
                throw new TimeoutException($"The server did not answer /api/health:\n{Log}");
            }

            await Task.Delay(100);
        }
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_log)
        {
            if (_log.Length < MaxLogChars)
            {
                _log.AppendLine(line);
            }
        }
    }

    /// <summary>The server's own build output (same configuration as the tests), else the copy beside the tests.</summary>
    private static string ServerAssembly()
    {
        var testDirectory = AppContext.BaseDirectory;
        var configuration = new DirectoryInfo(testDirectory).Parent?.Name ?? "Debug";
        var framework = new DirectoryInfo(testDirectory).Name;
        for (var directory = new DirectoryInfo(testDirectory); directory is not null; directory = directory.Parent)
        {
            var candidate = Path.Combine(directory.FullName, "functions", "Mlops.Server", "bin", configuration, framework, "Mlops.Server.dll");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return Path.Combine(testDirectory, "Mlops.Server.dll");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
