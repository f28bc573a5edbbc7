using Mlops.Functions.Checks.Infrastructure;
using YamlDotNet.RepresentationModel;

namespace Mlops.Functions.Checks.Deployment;

/// <summary>azure.yaml: the api service is the Functions app, infra is infra/main.bicep, and every hook's script exists.</summary>
public sealed class AzureYamlTests
{
    [Fact]
    public void ApiService_IsTheFunctionsApp()
    {
        var api = AzureYaml.Map(AzureYaml.Map(AzureYaml.Load().Root, "services"), "api");

        var project = AzureYaml.Scalar(api, "project");

        Assert.Equal("./functions/Mlops.Functions", project);
        Assert.True(File.Exists(Path.Combine(RepositoryPaths.Root, project, "Mlops.Functions.csproj")));
        Assert.Equal("dotnet", AzureYaml.Scalar(api, "language"));
        Assert.Equal("function", AzureYaml.Scalar(api, "host"));
    }

    [Fact]
    public void Infra_IsTheBicepMainTemplate()
    {
        var infra = AzureYaml.Map(AzureYaml.Load().Root, "infra");

        Assert.Equal("bicep", AzureYaml.Scalar(infra, "provider"));
        Assert.True(File.Exists(Path.Combine(RepositoryPaths.Root, AzureYaml.Scalar(infra, "path"), AzureYaml.Scalar(infra, "module") + ".bicep")));
    }

    [Theory]
    [InlineData("postprovision")]
    [InlineData("postdeploy")]
    public void Hook_BothPlatforms_RunAnExistingScript(string hook)
    {
        var entry = AzureYaml.Map(AzureYaml.Map(AzureYaml.Load().Root, "hooks"), hook);

        foreach (var (platform, shell, extension) in new[] { ("posix", "sh", ".sh"), ("windows", "pwsh", ".ps1") })
        {
            var script = AzureYaml.Map(entry, platform);
            var run = AzureYaml.Scalar(script, "run");
            Assert.Equal(shell, AzureYaml.Scalar(script, "shell"));
            Assert.EndsWith(hook + extension, run, StringComparison.Ordinal);
            Assert.True(File.Exists(Path.Combine(RepositoryPaths.Root, run)), $"{hook} ({platform}) runs {run}, which does not exist.");
            Assert.Equal("false", AzureYaml.Scalar(script, "continueOnError"));
        }
    }

    [Fact]
    public void Hooks_OnlyTheKnownOnes()
    {
        var hooks = AzureYaml.Map(AzureYaml.Load().Root, "hooks");

        Assert.Equal(["postdeploy", "postprovision"], hooks.Children.Keys.Select(k => ((YamlScalarNode)k).Value).Order(StringComparer.Ordinal));
    }
}
