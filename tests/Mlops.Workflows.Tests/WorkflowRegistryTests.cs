namespace Mlops.Workflows.Tests;

public sealed class WorkflowRegistryTests
{
    [Fact]
    public void AddActivity_SameNameInOtherCase_IsRefused()
    {
        // Arrange
        var registry = new WorkflowRegistry().AddActivity<int, int>("Train", (n, _, _) => Task.FromResult(n));

        // Act
        var refused = Assert.Throws<ArgumentException>(() => registry.AddActivity<int, int>("train", (n, _, _) => Task.FromResult(n)));

        // Assert
        Assert.Contains("already registered", refused.Message, StringComparison.Ordinal);
        Assert.True(registry.ContainsActivity("TRAIN"));
    }

    [Theory]
    [InlineData("")]
    [InlineData(" padded ")]
    [InlineData("tab\tname")]
    public void AddWorkflow_InvalidName_IsRefused(string name)
    {
        Assert.Throws<ArgumentException>(() => new WorkflowRegistry().AddWorkflow<int, int>(name, (_, n) => Task.FromResult(n)));
    }

    [Fact]
    public void AddWorkflowAndActivity_ClassBased_UseTheClassNameAndTypes()
    {
        // Act
        var registry = new WorkflowRegistry().AddWorkflow<EchoWorkflow>().AddActivity<EchoActivity>("Echo");

        // Assert
        Assert.Contains("EchoWorkflow", registry.WorkflowNames);
        Assert.Contains("Echo", registry.ActivityNames);
    }

    private sealed class EchoWorkflow : Workflow<string, string>
    {
        public override Task<string> RunAsync(IWorkflowContext context, string input) => context.CallActivityAsync<string>("Echo", input);
    }

    private sealed class EchoActivity : WorkflowActivity<string, string>
    {
        public override Task<string> RunAsync(string input, ActivityContext context, CancellationToken cancellationToken) => Task.FromResult(input);
    }
}
