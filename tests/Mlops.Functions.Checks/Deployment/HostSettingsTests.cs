using System.Text.Json;
using System.Xml.Linq;
using Mlops.Core.Hosting;
using Mlops.Functions.Checks.Infrastructure;

namespace Mlops.Functions.Checks.Deployment;

/// <summary>host.json and the local settings example: what the Functions host reads besides the code.</summary>
public sealed class HostSettingsTests
{
    [Fact]
    public void HostJson_RoutesSpelledInFull_TaskHubFromSetting_LogLevels()
    {
        using var host = JsonDocument.Parse(File.ReadAllText(Path.Combine(RepositoryPaths.Root, "host.json")));
        var root = host.RootElement;

        Assert.Equal("2.0", root.GetProperty("version").GetString());
        Assert.Equal(string.Empty, root.GetProperty("extensions").GetProperty("http").GetProperty("routePrefix").GetString());
        Assert.Equal("%TASKHUB_NAME%", root.GetProperty("extensions").GetProperty("durableTask").GetProperty("hubName").GetString());
        Assert.Equal("Information", root.GetProperty("logging").GetProperty("logLevel").GetProperty("default").GetString());
        Assert.False(root.TryGetProperty("extensionBundle", out _), "C# apps take their extensions from packages; an extension bundle is for other languages.");
    }

    [Fact]
    public void LocalSettingsExample_RunsAgainstAzurite_WithEveryTimerSetting()
    {
        using var example = JsonDocument.Parse(File.ReadAllText(Path.Combine(RepositoryPaths.FunctionsProject, "local.settings.example.json")));
        var values = example.RootElement.GetProperty("Values");

        Assert.Equal("UseDevelopmentStorage=true", values.GetProperty("AzureWebJobsStorage").GetString());
        Assert.Equal("dotnet-isolated", values.GetProperty("FUNCTIONS_WORKER_RUNTIME").GetString());
        Assert.True(values.TryGetProperty("TASKHUB_NAME", out _));
        Assert.All(FunctionCatalog.Timers, timer => Assert.True(values.TryGetProperty(timer.ScheduleSetting, out _), $"local.settings.example.json lacks {timer.ScheduleSetting}."));
    }

    [Theory]
    [InlineData("local.settings.example.json")]
    [InlineData("local.settings.json")]
    public void FunctionsProject_LocalSettings_NeverPublished(string file)
    {
        var project = XDocument.Load(Path.Combine(RepositoryPaths.FunctionsProject, "Mlops.Functions.csproj"));

        var item = project.Descendants("None").Single(e => (string?)e.Attribute("Update") == file);

        Assert.Equal("Never", (string?)item.Attribute("CopyToPublishDirectory"));
        Assert.Contains("local.settings.json", File.ReadAllLines(Path.Combine(RepositoryPaths.Root, ".gitignore")));
    }
}
