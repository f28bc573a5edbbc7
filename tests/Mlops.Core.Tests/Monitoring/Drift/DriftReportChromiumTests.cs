using System.Diagnostics;
using System.Text.RegularExpressions;
using Mlops.Core.Monitoring.Drift;

namespace Mlops.Core.Tests.Monitoring.Drift;

/// <summary>
/// Opens the report in headless Chromium (Debian package <c>chromium</c>, installed by scripts/bootstrap.sh when run as
/// root): the screenshot must show the page, and the browser must log no console message (the page has no script, so
/// any message is an error).
/// </summary>
public sealed partial class DriftReportChromiumTests : IDisposable
{
    private const int Width = 1200;
    private const int Height = 2000;
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(90);
    private readonly DirectoryInfo _work = Directory.CreateTempSubdirectory("mlops-drift-report-");

    public void Dispose() => _work.Delete(recursive: true);

    [Fact]
    public async Task Render_InHeadlessChromium_ScreenshotShowsThePageWithoutErrors()
    {
        var chromium = FindChromium();
        var result = DriftReportSamples.Result();
        var page = Path.Combine(_work.FullName, "report.html");
        await File.WriteAllTextAsync(page, DriftReportRenderer.Render(result, DriftReportSamples.History()));
        var screenshot = Path.Combine(_work.FullName, "report.png");

        var shot = await RunAsync(chromium, $"--screenshot={screenshot}", $"--window-size={Width},{Height}", new Uri(page).AbsoluteUri);
        var dom = await RunAsync(chromium, "--dump-dom", new Uri(page).AbsoluteUri);

        Assert.True(shot.ExitCode == 0, $"chromium exited with {shot.ExitCode}:\n{shot.Error}");
        Assert.Empty(ConsoleLines(shot.Error));
        Assert.Empty(ConsoleLines(dom.Error));
        var image = PngImage.Decode(await File.ReadAllBytesAsync(screenshot));
        Assert.Equal((Width, Height), (image.Width, image.Height));
        var colors = image.ColorCounts();
        var pixels = Width * Height;
        Assert.True(colors.Count > 50, $"only {colors.Count} colors: the page looks blank");
        Assert.True(colors.Values.Max() < pixels * 0.95, "one color covers over 95% of the screenshot: the page looks blank");

        // The verdict box and the histogram bars (inline SVG) are drawn in their exact colors.
        Assert.True(colors.GetValueOrDefault(result.DatasetDrift ? 0xfdecea : 0xeaf6ec) > 20_000, "the verdict box is not visible");
        Assert.True(colors.GetValueOrDefault(0x4c78a8) > 1000, "no reference bars are visible");
        Assert.True(colors.GetValueOrDefault(0xf58518) > 1000, "no current bars are visible");

        // Chromium parsed the same page the renderer wrote.
        Assert.Contains("id=\"verdict\"", dom.Output, StringComparison.Ordinal);
        Assert.Equal(result.Features.Concat(result.Predictions).Count(c => c.Histogram is not null), CountOf(dom.Output, "<svg class=\"histogram\""));
        Assert.Equal(1, CountOf(dom.Output, "<svg class=\"trend\""));
    }

    private static string FindChromium()
    {
        var overridePath = Environment.GetEnvironmentVariable("MLOPS_CHROMIUM");
        if (!string.IsNullOrEmpty(overridePath) && File.Exists(overridePath))
        {
            return overridePath;
        }

        foreach (var directory in (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(Path.PathSeparator))
        {
            foreach (var name in new[] { "chromium", "chromium-browser" })
            {
                var candidate = Path.Combine(directory, name);
                if (File.Exists(candidate))
                {
                    return candidate;
                }
            }
        }

        Assert.Fail("chromium is not installed, so the drift report cannot be checked in a browser. Run scripts/bootstrap.sh as root (it installs the Debian package 'chromium'), or set MLOPS_CHROMIUM to a Chromium binary.");
        return string.Empty;
    }

    private async Task<(int ExitCode, string Output, string Error)> RunAsync(string chromium, params string[] arguments)
    {
        var start = new ProcessStartInfo(chromium)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in (string[])[
            "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
            "--disable-sync", "--no-first-run", "--hide-scrollbars", "--enable-logging=stderr", "--v=0",
            $"--user-data-dir={_work.CreateSubdirectory($"profile-{Guid.NewGuid():N}").FullName}", .. arguments])
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("chromium did not start.");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(Timeout);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"chromium did not finish within {Timeout.TotalSeconds} s.");
        }

        return (process.ExitCode, await output, await error);
    }

    private static List<string> ConsoleLines(string log) =>
        [.. log.Split('\n').Where(line => ConsolePattern().IsMatch(line))];

    private static int CountOf(string text, string value)
    {
        int count = 0, index = 0;
        while ((index = text.IndexOf(value, index, StringComparison.Ordinal)) >= 0)
        {
            count++;
            index += value.Length;
        }

        return count;
    }

    [GeneratedRegex(@":CONSOLE[:(]|Uncaught")]
    private static partial Regex ConsolePattern();
}
