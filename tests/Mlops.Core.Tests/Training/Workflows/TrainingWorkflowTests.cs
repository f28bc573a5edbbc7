using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Time.Testing;
using Mlops.Core.Pipelines;
using Mlops.Core.Pipelines.Triggers;
using Mlops.Core.Training.Experiments;
using Mlops.Core.Training.Workflows;
using Mlops.Workflows;

namespace Mlops.Core.Tests.Training.Workflows;

/// <summary>The training and retraining workflows end to end on the embedded engine and Azurite.</summary>
public sealed class TrainingWorkflowTests : IAsyncLifetime
{
    private TrainingWorkflowHost _host = null!;

    public async Task InitializeAsync() => _host = await TrainingWorkflowHost.StartAsync();

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task Training_NoChampion_RegistersOneVersionWithLineageAndPromotesIt()
    {
        var model = TrainingWorkflowHost.NewModel();
        await _host.SavePolicyAsync(model);
        var (data, bytes) = await _host.UploadAsync($"{model}/a.csv");

        var id = await _host.StartTrainingAsync(new TrainingInput { Model = model, Data = data });
        var instance = await _host.WaitAsync(id);

        var outcome = TrainingWorkflowHost.Outcome(instance);
        Assert.Equal((1, true, "promoted"), (outcome.Version, outcome.Promoted, outcome.Decision));
        Assert.Null(outcome.ChampionVersion);
        var version = Assert.Single(await _host.VersionsAsync(model));
        Assert.Equal(id, version.Lineage.RunId);
        Assert.Equal(outcome.BestRunId, version.Lineage.ExperimentRunId);
        Assert.Equal(TrainingReasons.Manual, version.Lineage.Reason);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(bytes)), version.Lineage.TrainingDataDigest);
        Assert.NotNull(version.ProfileUri);
        Assert.True(version.Metrics.ContainsKey("auc"));
        Assert.Equal(1, (await _host.Registry.GetAliasAsync(model, "champion")).Version);
        var runs = new List<ExperimentRun>();
        await foreach (var run in _host.Services.GetRequiredService<IExperimentTracker>().ListRunsAsync(model))
        {
            runs.Add(run);
        }

        Assert.Equal(2, runs.Count(r => r.SweepId == outcome.SweepId));
        var selected = Assert.Single(runs, r => r.Selected);
        Assert.Equal(1, selected.ModelVersion);
        Assert.All(runs, r => Assert.Equal(r.ValidationRows, r.ConfusionMatrix!.Counts.Sum(row => row.Sum())));
        Assert.True(selected.TestConfusionMatrix!.Counts.Sum(row => row.Sum()) > 0);
        var status = JsonDocument.Parse(instance.SerializedCustomStatus!).RootElement;
        Assert.Equal("done", status.GetProperty("step").GetString());
    }

    [Fact]
    public async Task Training_MarginNotMet_RegistersTheVersionButKeepsTheChampion()
    {
        var model = TrainingWorkflowHost.NewModel();
        await _host.SavePolicyAsync(model, new GatePolicy { Margin = 0.5, ChallengerAlias = "challenger" });
        var (data, _) = await _host.UploadAsync($"{model}/a.csv");
        var first = TrainingWorkflowHost.Outcome(await _host.WaitAsync(await _host.StartTrainingAsync(new TrainingInput { Model = model, Data = data })));

        var second = TrainingWorkflowHost.Outcome(await _host.WaitAsync(await _host.StartTrainingAsync(new TrainingInput { Model = model, Data = data })));

        Assert.True(first.Promoted);
        Assert.Equal((2, false, "notPromoted"), (second.Version, second.Promoted, second.Decision));
        Assert.Equal(1, second.ChampionVersion);

        // Same rows, same seed, same model: the champion measured on the same test rows scores the same.
        Assert.Equal(second.ChallengerValue!.Value, second.ChampionValue!.Value, 6);
        Assert.Equal(1, (await _host.Registry.GetAliasAsync(model, "champion")).Version);
        Assert.Equal(2, (await _host.Registry.GetAliasAsync(model, "challenger")).Version);
        Assert.Equal(2, (await _host.VersionsAsync(model)).Count);
    }

    [Fact]
    public async Task Training_MarginMet_PromotesOverTheChampion()
    {
        var model = TrainingWorkflowHost.NewModel();
        await _host.SavePolicyAsync(model);
        var (data, _) = await _host.UploadAsync($"{model}/a.csv");
        TrainingWorkflowHost.Outcome(await _host.WaitAsync(await _host.StartTrainingAsync(new TrainingInput { Model = model, Data = data })));

        var second = TrainingWorkflowHost.Outcome(await _host.WaitAsync(await _host.StartTrainingAsync(new TrainingInput { Model = model, Data = data })));

        Assert.Equal((2, true, 1), (second.Version, second.Promoted, second.ChampionVersion));
        Assert.Equal(2, (await _host.Registry.GetAliasAsync(model, "champion")).Version);
    }

    [Theory]
    [InlineData(true, "approved")]
    [InlineData(false, "rejected")]
    public async Task Training_ApprovalGate_FollowsTheApprovalEvent(bool approved, string decision)
    {
        var model = TrainingWorkflowHost.NewModel();
        await _host.SavePolicyAsync(model, new GatePolicy { Mode = GateMode.Approval });
        var (data, _) = await _host.UploadAsync($"{model}/a.csv");
        var id = await _host.StartTrainingAsync(new TrainingInput { Model = model, Data = data });
        var waiting = await _host.WaitForStepAsync(id, "approval");

        await _host.Services.GetRequiredService<IPipelineClient>().RaiseEventAsync(id, TrainingWorkflow.ApprovalEvent, new TrainingApproval(approved, "ada", "checked the report"));
        var outcome = TrainingWorkflowHost.Outcome(await _host.WaitAsync(id));

        Assert.Equal(1, JsonDocument.Parse(waiting.SerializedCustomStatus!).RootElement.GetProperty("version").GetInt32());
        Assert.Equal((approved, decision, "ada", "checked the report"), (outcome.Promoted, outcome.Decision, outcome.DecidedBy, outcome.DecisionReason));
        var champion = await _host.Registry.FindAliasAsync(model, "champion");
        Assert.Equal(approved ? 1 : null, champion?.Version);
        Assert.Equal(approved ? "ada" : null, champion?.UpdatedBy);
        Assert.Single(await _host.VersionsAsync(model));
    }

    [Fact]
    public async Task Training_ApprovalNeverComes_TimerRejectsWhenTheClockPassesTheTimeout()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2030, 1, 1, 0, 0, 0, TimeSpan.Zero));
        await using var host = await TrainingWorkflowHost.StartAsync(services => services.Replace(ServiceDescriptor.Singleton<TimeProvider>(time)));
        var model = TrainingWorkflowHost.NewModel();
        await host.SavePolicyAsync(model, new GatePolicy { Mode = GateMode.Approval, ApprovalTimeout = TimeSpan.FromHours(1) });
        var (data, _) = await host.UploadAsync($"{model}/a.csv");
        var id = await host.StartTrainingAsync(new TrainingInput { Model = model, Data = data });
        await host.WaitForStepAsync(id, "approval");
        await WaitForHistoryAsync(host.Workflows, id, WorkflowHistoryEventKind.TimerCreated);

        time.Advance(TimeSpan.FromHours(1));
        var outcome = TrainingWorkflowHost.Outcome(await host.WaitAsync(id));

        Assert.Equal((false, "timedOut"), (outcome.Promoted, outcome.Decision));
        Assert.Null(await host.Registry.FindAliasAsync(model, "champion"));
        Assert.Single(await host.VersionsAsync(model));
    }

    [Fact]
    public async Task Retraining_WithoutDataUri_TrainsOnTheNewestBlobAndRecordsTheReasonInLineage()
    {
        var model = TrainingWorkflowHost.NewModel();
        await _host.SavePolicyAsync(model);
        await _host.UploadAsync($"{model}/2025-01.csv", seed: 1);
        var (_, newest) = await _host.UploadAsync($"{model}/2025-02.csv", seed: 2);
        var id = "retrain-" + Guid.NewGuid().ToString("N");

        await _host.Services.GetRequiredService<IPipelineClient>().StartAsync(
            PipelineWorkflowNames.Retraining, new RetrainingInput(model, TrainingReasons.Drift, "age drifted", "blob://reports/drift.html"), id);
        var outcome = TrainingWorkflowHost.Outcome(await _host.WaitAsync(id));

        Assert.Equal(RetrainingWorkflow.TrainingInstanceId(id), outcome.TrainingInstanceId);
        var version = Assert.Single(await _host.VersionsAsync(model));
        Assert.Equal(
            (outcome.TrainingInstanceId, TrainingReasons.Drift, "age drifted", "blob://reports/drift.html"),
            (version.Lineage.RunId, version.Lineage.Reason, version.Lineage.ReasonDetails, version.Lineage.ReportUri));
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(newest)), version.Lineage.TrainingDataDigest);
    }

    [Fact]
    public async Task Retraining_NoDataForTheModel_FailsNamingWhereToUpload()
    {
        var model = TrainingWorkflowHost.NewModel();
        await _host.SavePolicyAsync(model);

        var id = await _host.Services.GetRequiredService<IPipelineClient>().StartAsync(
            PipelineWorkflowNames.Retraining, new RetrainingInput(model, TrainingReasons.Schedule), null);
        var instance = await _host.WaitAsync(id);

        Assert.Equal(WorkflowRuntimeStatus.Failed, instance.RuntimeStatus);
        Assert.Contains($"training-data/{model}/", TrainingWorkflowHost.Describe(instance.FailureDetails), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Training_ModelWithoutPolicy_FailsSayingHowToSetOne()
    {
        var model = TrainingWorkflowHost.NewModel();
        var (data, _) = await _host.UploadAsync($"{model}/a.csv");

        var instance = await _host.WaitAsync(await _host.StartTrainingAsync(new TrainingInput { Model = model, Data = data }));

        Assert.Equal(WorkflowRuntimeStatus.Failed, instance.RuntimeStatus);
        Assert.Contains($"PUT /api/models/{model}/policy", TrainingWorkflowHost.Describe(instance.FailureDetails), StringComparison.Ordinal);
        Assert.Empty(await _host.VersionsAsync(model));
    }

    [Fact]
    public async Task BlobDrop_RedeliveredEvent_StartsOneTrainingPerBlob()
    {
        var model = TrainingWorkflowHost.NewModel();
        await _host.SavePolicyAsync(model);
        await _host.UploadAsync($"{model}/drop.csv");
        var blob = _host.Container().GetBlobClient($"{model}/drop.csv");
        var handler = _host.Services.GetRequiredService<IBlobEventHandler>();

        var first = await handler.HandleBlobAsync(blob);
        var again = await handler.HandleBlobAsync(blob);
        var outcome = TrainingWorkflowHost.Outcome(await _host.WaitAsync(first.InstanceId!));

        Assert.Equal((BlobEventOutcome.Started, BlobEventOutcome.AlreadyStarted), (first.Outcome, again.Outcome));
        Assert.Equal(first.InstanceId, again.InstanceId);
        var version = Assert.Single(await _host.VersionsAsync(model));
        Assert.Equal((first.InstanceId, TrainingReasons.DataDrop), (version.Lineage.RunId, version.Lineage.Reason));
        Assert.Equal(1, outcome.Version);
    }

    [Fact]
    public async Task RetrainingSchedules_PolicyWithCron_IsAScheduleOfTheRetrainingWorkflow()
    {
        var model = TrainingWorkflowHost.NewModel();
        await _host.SavePolicyAsync(model, retraining: new RetrainingPolicy { Cron = "0 0 3 * * *" });

        var schedules = new List<Core.Pipelines.Scheduling.WorkflowSchedule>();
        foreach (var source in _host.Services.GetServices<Core.Pipelines.Scheduling.IWorkflowScheduleSource>())
        {
            schedules.AddRange(await source.GetSchedulesAsync());
        }

        var schedule = Assert.Single(schedules, s => s.Key == "retrain-" + model);
        Assert.Equal((PipelineWorkflowNames.Retraining, "0 0 3 * * *"), (schedule.Workflow, schedule.Cron));
        var input = Assert.IsType<RetrainingInput>(schedule.Input!(new Core.Pipelines.Scheduling.ScheduleOccurrence(schedule.Key, DateTimeOffset.UnixEpoch, "x")));
        Assert.Equal((model, TrainingReasons.Schedule), (input.Model, input.Reason));
    }

    private static Task WaitForHistoryAsync(IWorkflowClient client, string id, WorkflowHistoryEventKind kind) =>
        Infrastructure.Eventually.WaitAsync(() => client.GetHistoryAsync(id), h => h.Any(e => e.Kind == kind), $"{kind} in {id}");
}
