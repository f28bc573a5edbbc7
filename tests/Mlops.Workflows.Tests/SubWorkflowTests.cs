using Mlops.Workflows.Tests.Infrastructure;

namespace Mlops.Workflows.Tests;

public sealed class SubWorkflowTests
{
    [Fact]
    public async Task CallSubWorkflow_ThreeChildrenInParallel_ReturnsTheirOutputs()
    {
        // Arrange
        await using var host = await EngineHost.StartAsync(TestStorage.NewTaskHub(), registry => registry
            .AddActivity<int, int>("Double", (n, _, _) => Task.FromResult(n * 2))
            .AddWorkflow<int, int>("Child", (context, n) => context.CallActivityAsync<int>("Double", n))
            .AddWorkflow<int[], int>("Parent", async (context, numbers) =>
            {
                var results = await Task.WhenAll(numbers.Select(n => context.CallSubWorkflowAsync<int>("Child", n)));
                return results.Sum();
            }));

        // Act
        var id = await host.Client.StartWorkflowAsync("Parent", new[] { 1, 2, 3 });
        var result = await host.Client.WaitForCompletionAsync(id, Timeouts.Default);

        // Assert
        Assert.Equal(WorkflowRuntimeStatus.Completed, result.RuntimeStatus);
        Assert.Equal(12, result.ReadOutputAs<int>());
        var children = new List<WorkflowInstance>();
        await foreach (var instance in host.Client.ListInstancesAsync(new WorkflowQuery { Name = "Child" }))
        {
            children.Add(instance);
        }

        Assert.Equal(3, children.Count);
        Assert.All(children, child => Assert.Equal(id, child.ParentInstanceId));
        Assert.All(children, child => Assert.Equal(WorkflowRuntimeStatus.Completed, child.RuntimeStatus));
    }

    [Fact]
    public async Task CallSubWorkflow_ChildFails_ParentCatchesTheChildsFailure()
    {
        // Arrange
        await using var host = await EngineHost.StartAsync(TestStorage.NewTaskHub(), registry => registry
            .AddWorkflow<string, string>("FailingChild", (_, input) => throw new InvalidOperationException("child says " + input))
            .AddWorkflow<string, string>("CatchingParent", async (context, input) =>
            {
                try
                {
                    return await context.CallSubWorkflowAsync<string>("FailingChild", input, new SubWorkflowOptions(instanceId: context.InstanceId + "-child"));
                }
                catch (WorkflowTaskFailedException ex)
                {
                    return $"{ex.TaskName}: {ex.FailureDetails.ErrorType}: {ex.FailureDetails.ErrorMessage}";
                }
            }));

        // Act
        var id = await host.Client.StartWorkflowAsync("CatchingParent", "no");
        var result = await host.Client.WaitForCompletionAsync(id, Timeouts.Default);

        // Assert
        Assert.Equal(WorkflowRuntimeStatus.Completed, result.RuntimeStatus);
        Assert.Equal($"FailingChild: {typeof(InvalidOperationException).FullName}: child says no", result.ReadOutputAs<string>());
        var child = await host.Client.GetInstanceAsync(id + "-child");
        Assert.Equal(WorkflowRuntimeStatus.Failed, child.RuntimeStatus);
        Assert.Equal(id, child.ParentInstanceId);
    }

    [Fact]
    public async Task CallSubWorkflow_ChildIdAlreadyUsedByAnotherInstance_FailsTheCall()
    {
        // Arrange
        await using var host = await EngineHost.StartAsync(TestStorage.NewTaskHub(), registry => registry
            .AddWorkflow<string, string>("Echo", (_, input) => Task.FromResult(input))
            .AddWorkflow<string, string>("Clashing", async (context, childId) =>
            {
                try
                {
                    return await context.CallSubWorkflowAsync<string>("Echo", "from parent", new SubWorkflowOptions(childId));
                }
                catch (WorkflowTaskFailedException ex)
                {
                    return ex.FailureDetails.ErrorType;
                }
            }));
        var taken = await host.Client.StartWorkflowAsync("Echo", "first", new StartWorkflowOptions("taken-id"));
        await host.Client.WaitForCompletionAsync(taken, Timeouts.Default);

        // Act
        var id = await host.Client.StartWorkflowAsync("Clashing", "taken-id");
        var result = await host.Client.WaitForCompletionAsync(id, Timeouts.Default);

        // Assert
        Assert.Equal("InstanceExists", result.ReadOutputAs<string>());
        Assert.Equal("first", (await host.Client.GetInstanceAsync("taken-id")).ReadOutputAs<string>());
    }
}
