using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Mlops.Core.Features;
using Mlops.Core.Pipelines;
using Mlops.Core.Pipelines.Scheduling;
using Mlops.Core.Tests.Infrastructure;
using Mlops.Core.Tests.Pipelines;

namespace Mlops.Core.Tests.Features;

/// <summary>The materialization schedule runs on the platform's workflow scheduler.</summary>
public sealed class FeatureScheduleTests
{
    [Fact]
    public async Task Tick_FeatureScheduleOn_StartsIncrementalMaterializationOfEveryViewAtTheHour()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2025, 1, 1, 0, 30, 0, TimeSpan.Zero));
        var client = new FakePipelineClient();
        await using var host = await CoreHost.StartAsync(
            new Dictionary<string, string?> { ["Workflows:Engine"] = "None", ["Features:Schedule"] = "0 0 * * * *" },
            services =>
            {
                services.AddSingleton<TimeProvider>(time);
                services.AddSingleton<IPipelineClient>(client);
            });
        var scheduler = host.Services.GetRequiredService<IWorkflowScheduler>();

        var next = await scheduler.TickAsync();
        time.SetUtcNow(new DateTimeOffset(2025, 1, 1, 1, 0, 0, TimeSpan.Zero));
        await scheduler.TickAsync();

        Assert.Equal(new DateTimeOffset(2025, 1, 1, 1, 0, 0, TimeSpan.Zero), next);
        var start = Assert.Single(client.Starts);
        Assert.Equal(PipelineWorkflowNames.FeatureMaterialization, start.Workflow);
        Assert.Equal("feature-materialization-20250101T010000Z", start.InstanceId);
        Assert.Equal(new FeatureMaterializationInput(), start.Input);
    }

    [Fact]
    public async Task Tick_FeatureScheduleEmpty_StartsNothing()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2025, 1, 1, 0, 30, 0, TimeSpan.Zero));
        var client = new FakePipelineClient();
        await using var host = await CoreHost.StartAsync(
            new Dictionary<string, string?> { ["Workflows:Engine"] = "None" },
            services =>
            {
                services.AddSingleton<TimeProvider>(time);
                services.AddSingleton<IPipelineClient>(client);
            });
        var scheduler = host.Services.GetRequiredService<IWorkflowScheduler>();

        await scheduler.TickAsync();
        time.SetUtcNow(new DateTimeOffset(2025, 1, 1, 2, 0, 0, TimeSpan.Zero));
        await scheduler.TickAsync();

        Assert.Empty(client.Starts);
    }
}
