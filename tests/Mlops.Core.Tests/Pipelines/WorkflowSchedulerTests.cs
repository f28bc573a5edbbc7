using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Mlops.Core.Pipelines;
using Mlops.Core.Pipelines.Scheduling;
using Mlops.Core.Tests.Infrastructure;
using Mlops.Workflows;

namespace Mlops.Core.Tests.Pipelines;

/// <summary>The cron scheduler against Azurite (its state) with a fake clock and an in-memory engine client.</summary>
public sealed class WorkflowSchedulerTests
{
    private const string Workflow = "Nightly";
    private const string TypedWorkflow = "NightlyTyped";
    private static readonly DateTimeOffset Start = new(2025, 1, 1, 0, 1, 0, TimeSpan.Zero);

    [Fact]
    public async Task Tick_NewSchedule_StartsNothingUntilItsNextOccurrence()
    {
        var time = new FakeTimeProvider(Start);
        var client = new FakePipelineClient();
        await using var host = await StartAsync(time, client, Every5Minutes("retrain-a"));
        var scheduler = host.Services.GetRequiredService<IWorkflowScheduler>();

        var first = await scheduler.TickAsync();
        time.SetUtcNow(At(0, 5));
        var second = await scheduler.TickAsync();
        var third = await scheduler.TickAsync();

        Assert.Equal(At(0, 5), first);
        Assert.Equal(At(0, 10), second);
        Assert.Equal(At(0, 10), third);
        var start = Assert.Single(client.Starts);
        Assert.Equal(Workflow, start.Workflow);
        Assert.Equal("retrain-a-20250101T000500Z", start.InstanceId);
    }

    [Fact]
    public async Task Tick_PreviousRunStillRunning_SkipsTheOccurrence()
    {
        var time = new FakeTimeProvider(Start);
        var client = new FakePipelineClient();
        await using var host = await StartAsync(time, client, Every5Minutes("retrain-b"));
        var scheduler = host.Services.GetRequiredService<IWorkflowScheduler>();
        await scheduler.TickAsync();
        time.SetUtcNow(At(0, 5));
        await scheduler.TickAsync();

        time.SetUtcNow(At(0, 10));
        await scheduler.TickAsync();
        var whileRunning = client.Starts.Count;
        client.Finish("retrain-b-20250101T000500Z");
        time.SetUtcNow(At(0, 15));
        await scheduler.TickAsync();

        Assert.Equal(1, whileRunning);
        Assert.Equal(["retrain-b-20250101T000500Z", "retrain-b-20250101T001500Z"], client.Starts.Select(s => s.InstanceId));
    }

    [Fact]
    public async Task Tick_MissedOccurrences_CollapseIntoTheLatest()
    {
        var time = new FakeTimeProvider(Start);
        var client = new FakePipelineClient();
        await using var host = await StartAsync(time, client, Every5Minutes("retrain-c"));
        var scheduler = host.Services.GetRequiredService<IWorkflowScheduler>();
        await scheduler.TickAsync();

        time.SetUtcNow(At(1, 7));
        var next = await scheduler.TickAsync();

        Assert.Equal("retrain-c-20250101T010500Z", Assert.Single(client.Starts).InstanceId);
        Assert.Equal(At(1, 10), next);
    }

    [Fact]
    public async Task Tick_TwoHostsSharingStorage_StartAnOccurrenceOnce()
    {
        var time = new FakeTimeProvider(Start);
        var client = new FakePipelineClient();
        var prefix = TestStorage.NewPrefix();
        await using var first = await StartAsync(time, client, Every5Minutes("retrain-d"), prefix);
        await using var second = await StartAsync(time, client, Every5Minutes("retrain-d"), prefix);
        await first.Services.GetRequiredService<IWorkflowScheduler>().TickAsync();
        await second.Services.GetRequiredService<IWorkflowScheduler>().TickAsync();

        time.SetUtcNow(At(0, 5));
        await Task.WhenAll(
            first.Services.GetRequiredService<IWorkflowScheduler>().TickAsync(),
            second.Services.GetRequiredService<IWorkflowScheduler>().TickAsync());

        Assert.Single(client.Starts);
    }

    [Fact]
    public async Task Tick_InputFactory_GetsTheOccurrence()
    {
        var time = new FakeTimeProvider(Start);
        var client = new FakePipelineClient();
        var schedule = new WorkflowSchedule("retrain-e", "0 0 * * * *", TypedWorkflow, o => new NightlyInput(o.Key, o.DueAt, o.InstanceId));
        await using var host = await StartAsync(time, client, schedule);
        var scheduler = host.Services.GetRequiredService<IWorkflowScheduler>();
        await scheduler.TickAsync();

        time.SetUtcNow(At(1, 0));
        await scheduler.TickAsync();

        var input = Assert.IsType<NightlyInput>(Assert.Single(client.Starts).Input);
        Assert.Equal(new NightlyInput("retrain-e", At(1, 0), "retrain-e-20250101T010000Z"), input);
    }

    [Fact]
    public async Task Tick_ScheduleFromConfiguration_StartsWithItsJsonInput()
    {
        var time = new FakeTimeProvider(Start);
        var client = new FakePipelineClient();
        await using var host = await StartAsync(time, client, null, settings: new Dictionary<string, string?>
        {
            ["Pipelines:Scheduler:Schedules:from-config:Cron"] = "30 * * * * *",
            ["Pipelines:Scheduler:Schedules:from-config:Workflow"] = TypedWorkflow,
            ["Pipelines:Scheduler:Schedules:from-config:Input"] = """{"key": "configured"}""",
        });
        var scheduler = host.Services.GetRequiredService<IWorkflowScheduler>();
        await scheduler.TickAsync();

        time.SetUtcNow(At(0, 1).AddSeconds(30));
        await scheduler.TickAsync();

        var start = Assert.Single(client.Starts);
        Assert.Equal("from-config-20250101T000130Z", start.InstanceId);
        Assert.Equal("configured", Assert.IsType<NightlyInput>(start.Input).Key);
    }

    [Fact]
    public async Task Tick_InvalidSchedules_AreSkippedAndOthersRun()
    {
        var time = new FakeTimeProvider(Start);
        var client = new FakePipelineClient();
        await using var host = await StartAsync(
            time,
            client,
            Every5Minutes("good"),
            configure: services => services
                .AddWorkflowSchedule(new WorkflowSchedule("five-fields", "*/5 * * * *", Workflow))
                .AddWorkflowSchedule(new WorkflowSchedule("bad key!", "0 */5 * * * *", Workflow))
                .AddWorkflowSchedule(new WorkflowSchedule("unknown-workflow", "0 */5 * * * *", "NoSuchWorkflow")));
        var scheduler = host.Services.GetRequiredService<IWorkflowScheduler>();
        await scheduler.TickAsync();

        time.SetUtcNow(At(0, 5));
        await scheduler.TickAsync();

        Assert.Equal("good-20250101T000500Z", Assert.Single(client.Starts).InstanceId);
    }

    [Fact]
    public async Task Tick_CronChanged_CountsFromTheChange()
    {
        var time = new FakeTimeProvider(Start);
        var client = new FakePipelineClient();
        var prefix = TestStorage.NewPrefix();
        await using (var host = await StartAsync(time, client, new WorkflowSchedule("retrain-f", "0 0 0 * * *", Workflow), prefix))
        {
            await host.Services.GetRequiredService<IWorkflowScheduler>().TickAsync();
        }

        time.SetUtcNow(At(2, 0));
        await using var changed = await StartAsync(time, client, new WorkflowSchedule("retrain-f", "0 0 * * * *", Workflow), prefix);
        var next = await changed.Services.GetRequiredService<IWorkflowScheduler>().TickAsync();

        Assert.Empty(client.Starts);
        Assert.Equal(At(3, 0), next);
    }

    private static WorkflowSchedule Every5Minutes(string key) => new(key, "0 */5 * * * *", Workflow);

    private static DateTimeOffset At(int hour, int minute) => new(2025, 1, 1, hour, minute, 0, TimeSpan.Zero);

    private static Task<CoreHost> StartAsync(
        FakeTimeProvider time,
        FakePipelineClient client,
        WorkflowSchedule? schedule,
        string? prefix = null,
        IDictionary<string, string?>? settings = null,
        Action<IServiceCollection>? configure = null)
    {
        var all = new Dictionary<string, string?> { ["Workflows:Engine"] = "None" };
        if (prefix is not null)
        {
            all["Storage:Prefix"] = prefix;
        }

        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            all[key] = value;
        }

        return CoreHost.StartAsync(all, services =>
        {
            services.AddSingleton<TimeProvider>(time);
            services.AddSingleton<IPipelineClient>(client);
            services.AddWorkflows(registry => registry
                .AddWorkflow<object?, string>(Workflow, (_, _) => Task.FromResult(""))
                .AddWorkflow<NightlyInput, string>(TypedWorkflow, (_, input) => Task.FromResult(input.Key)));
            if (schedule is not null)
            {
                services.AddWorkflowSchedule(schedule);
            }

            configure?.Invoke(services);
        });
    }
}

public sealed record NightlyInput(string Key, DateTimeOffset? DueAt = null, string? InstanceId = null);
