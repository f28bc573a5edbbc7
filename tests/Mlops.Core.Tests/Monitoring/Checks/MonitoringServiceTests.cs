using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Mlops.Core.Api;
using Mlops.Core.Diagnostics;
using Mlops.Core.Events;
using Mlops.Core.Monitoring.Checks;
using Mlops.Core.Monitoring.Drift;
using Mlops.Core.Pipelines;
using Mlops.Core.Tests.Infrastructure;
using Mlops.Core.Tests.Pipelines;
using Mlops.Workflows;

namespace Mlops.Core.Tests.Monitoring.Checks;

/// <summary>Monitoring checks against Azurite: drift, data quality, feedback and live metrics, alerts and retraining.</summary>
public sealed class MonitoringServiceTests : IAsyncLifetime
{
    private readonly RecordingEventPublisher _events = new();
    private readonly FakePipelineClient _engine = new();
    private CoreHost _host = null!;

    private MonitoringService Service => _host.Services.GetRequiredService<MonitoringService>();

    private MonitoringPolicyStore Policies => _host.Services.GetRequiredService<MonitoringPolicyStore>();

    private MonitoringCheckStore Checks => _host.Services.GetRequiredService<MonitoringCheckStore>();

    public async Task InitializeAsync() =>
        _host = await CoreHost.StartAsync(configureServices: services => services.AddSingleton<IEventPublisher>(_events));

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task CheckAsync_DriftedWindow_StoresRowAndReportAndPublishesDriftDetected()
    {
        var model = MonitoringScenario.NewName("drift");
        await MonitoringScenario.RegisterAsync(_host.Services, model);
        await MonitoringScenario.WriteLogAsync(_host.Services, MonitoringScenario.Records(model, 40, drifted: true, seed: 1));

        var report = await Service.CheckAsync(model, Window(), _engine);

        Assert.Equal(DriftCheckStatus.Computed, report.Drift.Status);
        Assert.True(report.Drift.DatasetDrift);
        Assert.Equal(200, report.Drift.CurrentRows);
        Assert.Contains(report.Drift.Features, f => f.Name == "age" && f.Drifted);
        Assert.Contains(report.Drift.Features, f => f.Name == "income" && f.Drifted);
        Assert.DoesNotContain(report.Drift.Features, f => f.Name == "score" && f.Drifted);
        Assert.Equal(["drift"], report.Alerts);
        Assert.Equal((1, "champion", "predictionLog", "request"), (report.Version, report.Alias, report.Source, report.Trigger));

        var latest = await Checks.FindLatestAsync(model);
        Assert.NotNull(latest);
        Assert.Equal((report.CheckId, true, report.Drift.DriftShare), (latest.CheckId, latest.DatasetDrift, latest.DriftShare));
        var stored = await Checks.ReadReportAsync(latest);
        Assert.Equal(JsonSerializer.Serialize(report, MlopsJson.Options), JsonSerializer.Serialize(stored, MlopsJson.Options));
        Assert.EndsWith($"/{model}/drift/{report.CheckId}.json", report.ReportUri, StringComparison.Ordinal);

        var alert = Assert.Single(_events.Events, e => e.Type == PlatformEventTypes.DriftDetected);
        Assert.Equal($"models/{model}/drift/{report.CheckId}", alert.Subject);
        var data = JsonDocument.Parse(alert.Data!.ToString()).RootElement;
        Assert.Equal(report.ReportUri, data.GetProperty("reportUri").GetString());
        Assert.Contains(data.GetProperty("driftedFeatures").EnumerateArray(), f => f.GetString() == "age");
        Assert.Empty(_engine.Starts);
        Assert.Equal("The monitoring policy does not retrain on this alert.", report.Retraining?.Note);
    }

    [Fact]
    public async Task CheckAsync_StableWindow_NoDatasetDriftNoAlertAndQualityClean()
    {
        var model = MonitoringScenario.NewName("stable");
        await MonitoringScenario.RegisterAsync(_host.Services, model);
        await MonitoringScenario.WriteLogAsync(_host.Services, MonitoringScenario.Records(model, 40, drifted: false, seed: 2));

        var report = await Service.CheckAsync(model, Window(), _engine);

        Assert.Equal(DriftCheckStatus.Computed, report.Drift.Status);
        Assert.False(report.Drift.DatasetDrift);
        Assert.Empty(report.Alerts);
        Assert.DoesNotContain(_events.Events, e => e.Type == PlatformEventTypes.DriftDetected);
        var city = Assert.Single(report.Quality, q => q.Name == "city");
        Assert.Empty(city.NewCategories);
        Assert.Equal(0, city.MissingRate);
    }

    [Fact]
    public async Task CheckAsync_DriftedWindow_QualityCountsOutOfRangeAndNewCategories()
    {
        var model = MonitoringScenario.NewName("quality");
        await MonitoringScenario.RegisterAsync(_host.Services, model);
        await MonitoringScenario.WriteLogAsync(_host.Services, MonitoringScenario.Records(model, 40, drifted: true, seed: 3));

        var report = await Service.CheckAsync(model, Window());

        var city = Assert.Single(report.Quality, q => q.Name == "city");
        Assert.Equal(["oslo"], city.NewCategories);
        Assert.Equal(120, city.NewCategoryValues);
        var reference = MonitoringScenario.Reference();
        var maxIncome = ((Core.Training.Data.NumericColumn)reference.GetColumn("income")).Values.ToArray().Max();
        var income = Assert.Single(report.Quality, q => q.Name == "income");
        Assert.True(income.OutOfRangeValues > 0 && income.OutOfRangeRate > 0, $"income above the training maximum {maxIncome} should be counted");
        Assert.Null(city.OutOfRangeRate);
    }

    [Fact]
    public async Task CheckAsync_StoredPolicyWithMethodOverrides_UsesThemForTheFeature()
    {
        var model = MonitoringScenario.NewName("methods");
        await MonitoringScenario.RegisterAsync(_host.Services, model);
        await MonitoringScenario.WriteLogAsync(_host.Services, MonitoringScenario.Records(model, 40, drifted: false, seed: 9));
        var json = """{"drift": {"featureMethods": {"city": "psi", "age": "wasserstein"}, "featureThresholds": {"score": 0.5}, "datasetDriftShare": 0.25}}""";
        await Policies.SaveAsync(model, JsonSerializer.Deserialize<MonitoringPolicy>(json, MlopsJson.Options)!, "admin", DateTimeOffset.UtcNow);

        var report = await Service.CheckAsync(model, Window());

        Assert.Equal(DriftMethod.Psi, report.Drift.Features.Single(f => f.Name == "city").Method);
        Assert.Equal(DriftMethod.Wasserstein, report.Drift.Features.Single(f => f.Name == "age").Method);
        Assert.Equal(0.5, report.Drift.Features.Single(f => f.Name == "score").Threshold);
        Assert.Equal(0.25, report.Drift.DatasetDriftShare);
    }

    [Fact]
    public async Task CheckAsync_TooFewRows_SaysNotEnoughDataAndAlertsNothing()
    {
        var model = MonitoringScenario.NewName("few");
        await MonitoringScenario.RegisterAsync(_host.Services, model);
        await MonitoringScenario.WriteLogAsync(_host.Services, MonitoringScenario.Records(model, 3, drifted: true, seed: 4));

        var report = await Service.CheckAsync(model, Window());

        Assert.Equal(DriftCheckStatus.NotEnoughData, report.Drift.Status);
        Assert.Contains("has 15 rows; a drift check needs at least 30", report.Drift.Message, StringComparison.Ordinal);
        Assert.Empty(report.Alerts);
        Assert.Equal("notEnoughData", report.Performance?.Status);
    }

    [Fact]
    public async Task CheckAsync_ConstantMissingAndUnparsableFeatures_ReportedWithoutException()
    {
        var model = MonitoringScenario.NewName("bad");
        await MonitoringScenario.RegisterAsync(_host.Services, model);
        var records = MonitoringScenario.Records(model, 40, drifted: false, seed: 5).Select(r => r with
        {
            // age constant, income always null, score a string that is not a number, city absent.
            Inputs = System.Text.Encoding.UTF8.GetBytes("[" + string.Join(',', Enumerable.Repeat("""{"age":33,"income":null,"score":"NaN"}""", r.Rows)) + "]"),
        }).ToList();
        await MonitoringScenario.WriteLogAsync(_host.Services, records);

        var report = await Service.CheckAsync(model, Window());

        var age = Assert.Single(report.Drift.Features, f => f.Name == "age");
        Assert.True(age.Constant);
        Assert.Equal(ColumnDriftStatus.Tested, age.Status);
        Assert.Equal(ColumnDriftStatus.AllMissing, Assert.Single(report.Drift.Features, f => f.Name == "income").Status);
        var score = Assert.Single(report.Quality, q => q.Name == "score");
        Assert.Equal((200L, 1.0, 1.0), (score.InvalidValues, score.InvalidRate, score.MissingRate));
        Assert.Equal(1.0, Assert.Single(report.Quality, q => q.Name == "city").MissingRate);
        Assert.All(report.Drift.Features, f => Assert.True(f.Score is null || double.IsFinite(f.Score.Value)));
    }

    [Fact]
    public async Task CheckAsync_VersionWithoutProfile_Is404NamingTheModel()
    {
        var model = MonitoringScenario.NewName("noprofile");
        await MonitoringScenario.RegisterAsync(_host.Services, model, withProfile: false);

        var ex = await Assert.ThrowsAsync<MlopsException>(() => Service.CheckAsync(model, Window()));

        Assert.Equal(ErrorCategory.NotFound, ex.Category);
        Assert.Contains($"Model '{model}' version 1 has no training profile", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CheckAsync_UnknownModelOrAlias_Is404()
    {
        var unknown = await Assert.ThrowsAsync<MlopsException>(() => Service.CheckAsync("no-such-model", Window()));
        var model = MonitoringScenario.NewName("alias");
        await MonitoringScenario.RegisterAsync(_host.Services, model);
        var alias = await Assert.ThrowsAsync<MlopsException>(() => Service.CheckAsync(model, Window() with { Alias = "staging" }));

        Assert.Equal(ErrorCategory.NotFound, unknown.Category);
        Assert.Equal((ErrorCategory.NotFound, "alias"), (alias.Category, alias.Field));
    }

    [Fact]
    public async Task CheckAsync_DriftWithRetrainPolicy_StartsOneRetrainingThenHonoursCooldownAndRunningInstance()
    {
        var model = MonitoringScenario.NewName("retrain");
        await MonitoringScenario.RegisterAsync(_host.Services, model);
        await MonitoringScenario.WriteLogAsync(_host.Services, MonitoringScenario.Records(model, 40, drifted: true, seed: 6));
        await Policies.SaveAsync(model, new MonitoringPolicy { RetrainOnDrift = true, RetrainCooldown = TimeSpan.FromHours(6) }, "admin", DateTimeOffset.UtcNow);

        var first = await Service.CheckAsync(model, Window(), _engine);
        var second = await Service.CheckAsync(model, Window(), _engine);

        var start = Assert.Single(_engine.Starts);
        Assert.Equal(PipelineWorkflowNames.Retraining, start.Workflow);
        var input = Assert.IsType<RetrainingInput>(start.Input);
        Assert.Equal((model, "drift", first.ReportUri), (input.Model, input.Reason, input.ReportUri));
        Assert.Contains("age", input.Details, StringComparison.Ordinal);
        Assert.Equal((true, start.InstanceId), (first.Retraining!.Started, first.Retraining.InstanceId));
        Assert.False(second.Retraining!.Started);
        Assert.StartsWith("In the cool-down", second.Retraining.Note, StringComparison.Ordinal);

        // Without a cool-down, the instance still running keeps a second one from starting; once it finishes, one starts.
        await Policies.SaveAsync(model, new MonitoringPolicy { RetrainOnDrift = true, RetrainCooldown = TimeSpan.Zero }, "admin", DateTimeOffset.UtcNow);
        var third = await Service.CheckAsync(model, Window(), _engine);
        _engine.Finish(start.InstanceId);
        var fourth = await Service.CheckAsync(model, Window(), _engine);

        Assert.False(third.Retraining!.Started);
        Assert.Contains("still Running", third.Retraining.Note, StringComparison.Ordinal);
        Assert.True(fourth.Retraining!.Started);
        Assert.Equal(2, _engine.Starts.Count);
        Assert.Equal(fourth.Retraining.InstanceId, (await Policies.GetOrDefaultAsync(model)).LastRetrainingInstanceId);
    }

    [Fact]
    public async Task Feedback_KnownAndUnknownIds_JoinsKnownReportsUnknownAndRejectsWrongRowCounts()
    {
        var model = MonitoringScenario.NewName("feedback");
        await MonitoringScenario.RegisterAsync(_host.Services, model);
        await MonitoringScenario.WriteLogAsync(_host.Services, MonitoringScenario.Records(model, 10, drifted: false, seed: 7));
        var feedback = _host.Services.GetRequiredService<FeedbackService>();
        var body = JsonSerializer.SerializeToUtf8Bytes(new
        {
            outcomes = new object[]
            {
                new { requestId = MonitoringScenario.RequestId(7, 0), actual = MonitoringScenario.Actuals(7, 0) },
                new { requestId = MonitoringScenario.RequestId(7, 1), actual = MonitoringScenario.Actuals(7, 1) },
                new { requestId = MonitoringScenario.RequestId(7, 2), actual = 3.0 },
                new { requestId = "never-served", actual = 1.0 },
            },
        });

        var result = await feedback.SubmitAsync(model, body, MonitoringScenario.WindowStart, MonitoringScenario.WindowEnd);

        Assert.Equal((4, 2, 10), (result.Received, result.Accepted, result.AcceptedRows));
        Assert.Equal(["never-served"], result.UnknownRequestIds);
        var rejected = Assert.Single(result.Rejected);
        Assert.Equal(MonitoringScenario.RequestId(7, 2), rejected.RequestId);
        Assert.Contains("an array of 5 values, got 1", rejected.Error, StringComparison.Ordinal);
        var stored = new List<FeedbackRow>();
        await foreach (var row in _host.Services.GetRequiredService<FeedbackStore>().ListAsync(model, MonitoringScenario.WindowStart, MonitoringScenario.WindowEnd, 1))
        {
            stored.Add(row);
        }

        Assert.Equal([MonitoringScenario.RequestId(7, 0), MonitoringScenario.RequestId(7, 1)], stored.Select(r => r.RequestId).Order());
    }

    [Fact]
    public async Task Feedback_NotJsonOrNoRequestId_Is400NamingTheField()
    {
        var model = MonitoringScenario.NewName("badfeedback");
        await MonitoringScenario.RegisterAsync(_host.Services, model);
        var feedback = _host.Services.GetRequiredService<FeedbackService>();

        var notJson = await Assert.ThrowsAsync<MlopsException>(() => feedback.SubmitAsync(model, "nope"u8.ToArray(), null, null));
        var noId = await Assert.ThrowsAsync<MlopsException>(() => feedback.SubmitAsync(model, """{"outcomes":[{"actual":1}]}"""u8.ToArray(), null, null));

        Assert.Equal((ErrorCategory.Validation, "body"), (notJson.Category, notJson.Field));
        Assert.Equal((ErrorCategory.Validation, "outcomes[0].requestId"), (noId.Category, noId.Field));
    }

    [Theory]
    [InlineData(0.5, false)]
    [InlineData(3.0, true)]
    public async Task CheckAsync_FeedbackInWindow_ComparesLiveRmseWithTestAndAlertsOnDegradation(double error, bool degraded)
    {
        var model = MonitoringScenario.NewName("perf");
        await MonitoringScenario.RegisterAsync(_host.Services, model);
        await MonitoringScenario.WriteLogAsync(_host.Services, MonitoringScenario.Records(model, 40, drifted: false, seed: 8, error: error));
        await Policies.SaveAsync(model, new MonitoringPolicy { RetrainOnDegradation = true }, "admin", DateTimeOffset.UtcNow);
        await _host.Services.GetRequiredService<FeedbackService>()
            .SubmitAsync(model, MonitoringScenario.FeedbackBody(8, Enumerable.Range(0, 40)), MonitoringScenario.WindowStart, MonitoringScenario.WindowEnd);

        var report = await Service.CheckAsync(model, Window(), _engine);

        var performance = report.Performance!;
        Assert.Equal(("computed", 200, "regression"), (performance.Status, performance.Rows, performance.Task));
        Assert.Equal(error, performance.Live["rmse"], 6);
        Assert.Equal(error, performance.Live["mae"], 6);
        var rmse = Assert.Single(performance.Comparisons, c => c.Metric == "rmse");
        Assert.Equal((MonitoringScenario.TestRmse, (error - MonitoringScenario.TestRmse) / MonitoringScenario.TestRmse, degraded), (rmse.Baseline, rmse.Change, rmse.Degraded));
        Assert.Equal(degraded, report.Alerts.Contains("performance"));
        Assert.Equal(degraded, _events.Events.Any(e => e.Type == PlatformEventTypes.PerformanceDegraded && e.Subject == $"models/{model}/drift/{report.CheckId}"));
        Assert.Equal(degraded ? 1 : 0, _engine.Starts.Count);
        if (degraded)
        {
            Assert.Equal("performance", Assert.IsType<RetrainingInput>(_engine.Starts[0].Input).Reason);
        }
    }

    [Fact]
    public async Task ScheduleSource_StoredEnabledPolicies_OneScheduleEachWithTheModelsCron()
    {
        var on = MonitoringScenario.NewName("on");
        var off = MonitoringScenario.NewName("off");
        await Policies.SaveAsync(on, new MonitoringPolicy { Cron = "0 */5 * * * *" }, "admin", DateTimeOffset.UtcNow);
        await Policies.SaveAsync(off, new MonitoringPolicy { Enabled = false }, "admin", DateTimeOffset.UtcNow);
        var source = _host.Services.GetServices<Core.Pipelines.Scheduling.IWorkflowScheduleSource>().OfType<MonitoringScheduleSource>().Single();

        var schedules = await source.GetSchedulesAsync();

        var schedule = Assert.Single(schedules);
        Assert.Equal(($"monitor-{on}", "0 */5 * * * *", "ModelMonitoringWorkflow"), (schedule.Key, schedule.Cron, schedule.Workflow));
        var due = new DateTimeOffset(2026, 2, 1, 0, 5, 0, TimeSpan.Zero);
        Assert.Equal(new MonitoringCheckInput(on, due), schedule.Input!(new Core.Pipelines.Scheduling.ScheduleOccurrence(schedule.Key, due, "id")));
    }

    [Fact]
    public void Policy_BadCronOrWindow_Is400NamingTheField()
    {
        var cron = Assert.Throws<MlopsException>(() => new MonitoringPolicy { Cron = "0 * * * *" }.Validate());
        var window = Assert.Throws<MlopsException>(() => new MonitoringPolicy { Window = TimeSpan.FromSeconds(5) }.Validate());
        var drift = Assert.Throws<MlopsException>(() => new MonitoringPolicy { Drift = new DriftPolicy { DatasetDriftShare = 2 } }.Validate());

        Assert.Equal([("cron", ErrorCategory.Validation), ("window", ErrorCategory.Validation), ("datasetDriftShare", ErrorCategory.Validation)],
            new[] { cron, window, drift }.Select(e => (e.Field, e.Category)));
    }

    private static MonitoringCheckRequest Window() =>
        new("request", From: MonitoringScenario.WindowStart, To: MonitoringScenario.WindowEnd);
}
