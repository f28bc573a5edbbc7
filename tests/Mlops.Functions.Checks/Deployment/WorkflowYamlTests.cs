using Mlops.Functions.Checks.Infrastructure;
using YamlDotNet.RepresentationModel;

namespace Mlops.Functions.Checks.Deployment;

/// <summary>The GitHub workflows load as YAML, have the shape Actions needs, and do what the README says they do.</summary>
public sealed class WorkflowYamlTests
{
    private static readonly string Workflows = Path.Combine(RepositoryPaths.Root, ".github", "workflows");

    public static TheoryData<string> WorkflowFiles =>
        [.. Directory.EnumerateFiles(Workflows, "*.yml").Select(path => Path.GetFileName(path)).Order(StringComparer.Ordinal)];

    [Theory]
    [MemberData(nameof(WorkflowFiles))]
    public void Workflow_EveryJob_RunsOnARunnerWithPinnedActions(string file)
    {
        var workflow = AzureYaml.LoadFile(Path.Combine(Workflows, file));

        Assert.True(AzureYaml.Has(workflow, "on"), $"{file} has no 'on'.");
        var jobs = AzureYaml.Map(workflow, "jobs");
        Assert.NotEmpty(jobs.Children);
        foreach (var (name, node) in jobs.Children)
        {
            var job = Assert.IsType<YamlMappingNode>(node);
            Assert.True(AzureYaml.Has(job, "runs-on"), $"{file}: job {name} has no runs-on.");
            var steps = Assert.IsType<YamlSequenceNode>(job.Children[new YamlScalarNode("steps")]);
            foreach (var step in steps.Cast<YamlMappingNode>())
            {
                Assert.True(AzureYaml.Has(step, "uses") ^ AzureYaml.Has(step, "run"), $"{file}: a step of {name} needs exactly one of uses and run.");
                if (AzureYaml.Has(step, "uses"))
                {
                    Assert.Contains("@v", AzureYaml.Scalar(step, "uses"), StringComparison.Ordinal);
                }
            }
        }
    }

    [Fact]
    public void Ci_OnPushAndPullRequest_BuildsEverythingAndRunsEveryTestSuite()
    {
        var workflow = AzureYaml.LoadFile(Path.Combine(Workflows, "ci.yml"));
        var triggers = AzureYaml.Map(workflow, "on");

        var runs = Runs(workflow);

        Assert.True(AzureYaml.Has(triggers, "push") && AzureYaml.Has(triggers, "pull_request"));
        Assert.Contains(runs, r => r.Contains("dotnet build Serverless.sln", StringComparison.Ordinal));
        Assert.Contains(runs, r => r.Contains("scripts/test.sh", StringComparison.Ordinal));
        Assert.Contains(runs, r => r.Contains("dotnet test tests/Mlops.Functions.Tests", StringComparison.Ordinal));
        Assert.Contains(runs, r => r.Contains("Deployment.Bicep", StringComparison.Ordinal));
        Assert.True(File.Exists(Path.Combine(RepositoryPaths.Root, "tests", "Mlops.Functions.Tests", "Mlops.Functions.Tests.csproj")));
    }

    [Fact]
    public void Deploy_OnMain_ProvisionsAndDeploysWithFederatedCredentials()
    {
        var workflow = AzureYaml.LoadFile(Path.Combine(Workflows, "deploy.yml"));
        var branches = (YamlSequenceNode)AzureYaml.Map(AzureYaml.Map(workflow, "on"), "push").Children[new YamlScalarNode("branches")];

        var runs = Runs(workflow);
        var uses = Steps(workflow).Where(s => AzureYaml.Has(s, "uses")).Select(s => AzureYaml.Scalar(s, "uses")).ToList();

        Assert.Equal(["main"], branches.Select(b => ((YamlScalarNode)b).Value));
        Assert.Equal("write", AzureYaml.Scalar(AzureYaml.Map(workflow, "permissions"), "id-token"));
        Assert.Contains(uses, u => u.StartsWith("azure/login@", StringComparison.Ordinal));
        Assert.Contains(runs, r => r.Contains("azd auth login", StringComparison.Ordinal) && r.Contains("--federated-credential-provider github", StringComparison.Ordinal));
        Assert.Contains(runs, r => r.Contains("azd provision --no-prompt", StringComparison.Ordinal));
        Assert.Contains(runs, r => r.Contains("azd deploy --no-prompt", StringComparison.Ordinal));
    }

    private static IEnumerable<YamlMappingNode> Steps(YamlMappingNode workflow) =>
        AzureYaml.Map(workflow, "jobs").Children.Values.Cast<YamlMappingNode>()
            .SelectMany(job => ((YamlSequenceNode)job.Children[new YamlScalarNode("steps")]).Cast<YamlMappingNode>());

    private static List<string> Runs(YamlMappingNode workflow) =>
        [.. Steps(workflow).Where(s => AzureYaml.Has(s, "run")).Select(s => AzureYaml.Scalar(s, "run"))];
}
