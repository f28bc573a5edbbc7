using Mlops.Functions.Checks.Infrastructure;

namespace Mlops.Functions.Checks.Deployment;

/// <summary>Every Bicep file under infra/ builds and lints clean with the pinned Bicep CLI and infra/bicepconfig.json.</summary>
public sealed class BicepTests
{
    public static TheoryData<string> BicepFiles => [.. BicepCli.Files()];

    [Theory]
    [MemberData(nameof(BicepFiles))]
    public async Task Build_BicepFile_NoWarningsOrErrors(string file)
    {
        var result = await BicepCli.RunAsync("build", BicepCli.InfraFile(file), "--stdout");

        Assert.True(result.ExitCode == 0, result.Printed);
        Assert.Empty(BicepCli.Diagnostics(result));
    }

    [Theory]
    [MemberData(nameof(BicepFiles))]
    public async Task Lint_BicepFile_NoWarningsOrErrors(string file)
    {
        var result = await BicepCli.RunAsync("lint", BicepCli.InfraFile(file));

        Assert.True(result.ExitCode == 0, result.Printed);
        Assert.Empty(BicepCli.Diagnostics(result));
    }

    [Fact]
    public void Files_IncludeMainAndModules()
    {
        var files = BicepCli.Files().ToList();

        Assert.Contains("main.bicep", files);
        Assert.Contains(files, f => f.StartsWith("modules" + Path.DirectorySeparatorChar, StringComparison.Ordinal));
    }

    // The checks above are only as strict as the configuration: a module with an unused parameter and a literal region,
    // linted beside a copy of infra/bicepconfig.json, must be reported.
    [Fact]
    public async Task Lint_WithRepositoryConfig_ReportsUnusedParameterAndLiteralLocation()
    {
        var directory = Directory.CreateTempSubdirectory("mlops-bicep-");
        try
        {
            File.Copy(BicepCli.InfraFile("bicepconfig.json"), Path.Combine(directory.FullName, "bicepconfig.json"));
            var module = Path.Combine(directory.FullName, "bad.bicep");
            await File.WriteAllTextAsync(module, """
                param unused string

                resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2023-01-31' = {
                  name: 'id-example'
                  location: 'westeurope'
                }
                """);

            var result = await BicepCli.RunAsync("lint", module);

            var diagnostics = BicepCli.Diagnostics(result);
            Assert.Contains(diagnostics, d => d.Contains("no-unused-params", StringComparison.Ordinal));
            Assert.Contains(diagnostics, d => d.Contains("no-hardcoded-location", StringComparison.Ordinal));
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }
}
