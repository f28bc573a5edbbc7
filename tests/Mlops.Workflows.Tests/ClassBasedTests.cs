using Microsoft.Extensions.DependencyInjection;
using Mlops.Workflows.Tests.Infrastructure;

namespace Mlops.Workflows.Tests;

public sealed class ClassBasedTests
{
    [Fact]
    public async Task ClassBasedWorkflowAndActivity_ResolvedFromServices_Run()
    {
        // Arrange
        await using var host = await EngineHost.StartAsync(TestStorage.NewTaskHub(), registry => registry
            .AddWorkflow<GreetingWorkflow>()
            .AddActivity<GreetActivity>());

        // Act
        var id = await host.Client.StartWorkflowAsync(nameof(GreetingWorkflow), new Person("ada"));
        var result = await host.Client.WaitForCompletionAsync(id, Timeouts.Default);

        // Assert
        Assert.Equal(WorkflowRuntimeStatus.Completed, result.RuntimeStatus);
        Assert.Equal(new Greeting($"hello ada from {id}"), result.ReadOutputAs<Greeting>());
    }

    public sealed record Person(string Name);

    public sealed record Greeting(string Text);

    private sealed class GreetingWorkflow : Workflow<Person, Greeting>
    {
        public override async Task<Greeting> RunAsync(IWorkflowContext context, Person input) =>
            new(await context.CallActivityAsync<string>(nameof(GreetActivity), input));
    }

    private sealed class GreetActivity(IServiceProvider services) : WorkflowActivity<Person, string>
    {
        public override Task<string> RunAsync(Person input, ActivityContext context, CancellationToken cancellationToken)
        {
            Assert.NotNull(services.GetService<IWorkflowClient>());
            return Task.FromResult($"hello {input.Name} from {context.InstanceId}");
        }
    }
}
