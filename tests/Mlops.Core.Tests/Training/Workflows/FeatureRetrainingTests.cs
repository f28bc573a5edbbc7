using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Mlops.Core.Diagnostics;
using Mlops.Core.Features;
using Mlops.Core.Pipelines;
using Mlops.Core.Pipelines.Triggers;
using Mlops.Core.Registry;
using Mlops.Core.Training;
using Mlops.Core.Training.Data;
using Mlops.Core.Training.Sweeps;
using Mlops.Core.Training.Workflows;
using Mlops.Workflows;

namespace Mlops.Core.Tests.Training.Workflows;

/// <summary>
/// Policy-driven training and retraining from feature views on the embedded engine and Azurite: a drop or a retraining
/// joins the features point-in-time to the newest drop's entity rows, so the new version's snapshot holds the values as
/// of each row's time (never a later one) and its parameters list the features.
/// </summary>
public sealed class FeatureRetrainingTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Day0 = new(2025, 3, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly string[] Customers = [.. Enumerable.Range(0, 200).Select(i => $"c{i}")];

    private TrainingWorkflowHost _host = null!;

    public async Task InitializeAsync() => _host = await TrainingWorkflowHost.StartAsync();

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task Retraining_PolicyWithFeatures_JoinsTheNewestDropPointInTimeAndListsTheFeatures()
    {
        // Arrange: spend changes on day 0, day 2 and day 4; v1's rows are as of day 1, v2's as of day 3.
        var (view, spend) = await DefineAndWriteAsync("pol");
        var model = TrainingWorkflowHost.NewModel();
        var refs = new[] { $"{view.Name}:spend", $"{view.Name}:visits" };
        await _host.Policies.SaveAsync(model, new ModelPolicy { Training = Fast() with { Features = new FeatureJoinRequest { Refs = refs } } }, "test");
        await UploadEntitiesAsync($"{model}/2025-03-02.csv", "event_timestamp", Day0.AddDays(1), c => spend[c][0] > 50);
        var drop = await _host.Services.GetRequiredService<IBlobEventHandler>().HandleBlobAsync(_host.Container().GetBlobClient($"{model}/2025-03-02.csv"));
        var first = TrainingWorkflowHost.Outcome(await _host.WaitAsync(drop.InstanceId!));
        await UploadEntitiesAsync($"{model}/2025-03-04.csv", "event_timestamp", Day0.AddDays(3), c => spend[c][1] > 50);
        var id = "retrain-" + Guid.NewGuid().ToString("N");

        // Act
        await _host.Services.GetRequiredService<IPipelineClient>().StartAsync(
            PipelineWorkflowNames.Retraining, new RetrainingInput(model, TrainingReasons.Drift, "spend drifted"), id);
        var outcome = TrainingWorkflowHost.Outcome(await _host.WaitAsync(id));

        // Assert: both versions list the features; v2 learned from day-2 values, v1 from day-0 values.
        Assert.Equal((1, 2), (first.Version, outcome.Version));
        var versions = await _host.VersionsAsync(model);
        foreach (var version in versions)
        {
            Assert.Equal(JsonSerializer.Serialize(refs), version.Parameters["features"]);
            Assert.Equal("event_timestamp", version.Parameters["features_timestamp_column"]);
        }

        var v2 = Assert.Single(versions, v => v.Version == 2);
        Assert.Equal(TrainingReasons.Drift, v2.Lineage.Reason);
        await AssertJoinedAsOfAsync(v2, spend, period: 1);
        await AssertJoinedAsOfAsync(Assert.Single(versions, v => v.Version == 1), spend, period: 0);
    }

    [Fact]
    public async Task Retraining_PolicyWithoutFeatures_JoinsTheChampionsRecordedFeatures()
    {
        // Arrange: v1 from POST /api/train's path with features and a non-default timestamp column; the policy has none.
        var (view, spend) = await DefineAndWriteAsync("champ");
        var model = TrainingWorkflowHost.NewModel();
        await _host.Policies.SaveAsync(model, new ModelPolicy { Training = Fast() }, "test");
        var data = await UploadEntitiesAsync($"{model}/2025-03-02.csv", "as_of", Day0.AddDays(1), c => spend[c][0] > 50);
        var features = new FeatureJoinRequest { Refs = [$"{view.Name}:spend", $"{view.Name}:visits"], TimestampColumn = "as_of", FullFeatureNames = true };
        var trained = await _host.Services.GetRequiredService<ITrainingService>().TrainAsync(Fast() with { Model = model, Data = data, Features = features }, "test");
        await _host.Registry.SetAliasAsync(model, "champion", trained.Version.Version, "test");
        await UploadEntitiesAsync($"{model}/2025-03-04.csv", "as_of", Day0.AddDays(3), c => spend[c][1] > 50);
        var id = "retrain-" + Guid.NewGuid().ToString("N");

        // Act
        await _host.Services.GetRequiredService<IPipelineClient>().StartAsync(PipelineWorkflowNames.Retraining, new RetrainingInput(model, TrainingReasons.Schedule), id);
        var outcome = TrainingWorkflowHost.Outcome(await _host.WaitAsync(id));

        // Assert
        var v2 = Assert.Single(await _host.VersionsAsync(model), v => v.Version == outcome.Version);
        Assert.Equal(2, v2.Version);
        Assert.Equal(trained.Version.Parameters["features"], v2.Parameters["features"]);
        Assert.Equal(("true", "as_of"), (v2.Parameters["features_full_names"], v2.Parameters["features_timestamp_column"]));
        await AssertJoinedAsOfAsync(v2, spend, period: 1, column: view.Name + "__spend");
    }

    [Fact]
    public async Task Retraining_ChampionFeaturesButDropAlreadyHoldsThem_FailsNamingTheChampionAndTheField()
    {
        var (view, spend) = await DefineAndWriteAsync("full");
        var model = TrainingWorkflowHost.NewModel();
        await _host.Policies.SaveAsync(model, new ModelPolicy { Training = Fast() }, "test");
        var data = await UploadEntitiesAsync($"{model}/2025-03-02.csv", "event_timestamp", Day0.AddDays(1), c => spend[c][0] > 50);
        var trained = await _host.Services.GetRequiredService<ITrainingService>().TrainAsync(
            Fast() with { Model = model, Data = data, Features = new FeatureJoinRequest { Refs = [$"{view.Name}:spend"] } }, "test");
        await _host.Registry.SetAliasAsync(model, "champion", trained.Version.Version, "test");
        await _host.Container().UploadBlobAsync($"{model}/2025-03-04.csv", BinaryData.FromString("customer_id,event_timestamp,spend,churned\nc1,2025-03-04T00:00:00Z,3,true\nc2,2025-03-04T00:00:00Z,4,false\n"));

        var id = await _host.Services.GetRequiredService<IPipelineClient>().StartAsync(PipelineWorkflowNames.Retraining, new RetrainingInput(model, TrainingReasons.Manual), null);
        var instance = await _host.WaitAsync(id);

        Assert.Equal(WorkflowRuntimeStatus.Failed, instance.RuntimeStatus);
        var failure = TrainingWorkflowHost.Describe(instance.FailureDetails);
        Assert.Contains($"{model} version 1", failure, StringComparison.Ordinal);
        Assert.Contains("training.features", failure, StringComparison.Ordinal);
        Assert.Single(await _host.VersionsAsync(model));
    }

    [Fact]
    public async Task Retraining_PolicyWithFeaturesAndDataWindow_JoinsEachDropsRowsAsOfTheirOwnTime()
    {
        // Arrange: two drops in the window, rows as of day 1 (period 0 values) and as of day 3 (period 1 values).
        var (view, spend) = await DefineAndWriteAsync("win");
        var model = TrainingWorkflowHost.NewModel();
        var join = new FeatureJoinRequest { Refs = [$"{view.Name}:spend", $"{view.Name}:visits"] };
        await _host.Policies.SaveAsync(model, new ModelPolicy { Training = Fast() with { Features = join, DataWindow = "1h" } }, "test");
        await UploadEntitiesAsync($"{model}/2025-03-02.csv", "event_timestamp", Day0.AddDays(1), c => spend[c][0] > 50);
        await UploadEntitiesAsync($"{model}/2025-03-04.csv", "event_timestamp", Day0.AddDays(3), c => spend[c][1] > 50);
        var id = "retrain-" + Guid.NewGuid().ToString("N");

        // Act
        await _host.Services.GetRequiredService<IPipelineClient>().StartAsync(PipelineWorkflowNames.Retraining, new RetrainingInput(model, TrainingReasons.Schedule), id);
        TrainingWorkflowHost.Outcome(await _host.WaitAsync(id));

        // Assert: the one joined snapshot holds both drops' rows, each with the values as of its own time.
        var data = await ReadSnapshotAsync(Assert.Single(await _host.VersionsAsync(model)));
        var ids = (CategoricalColumn)data.GetColumn("customer_id");
        var values = (NumericColumn)data.GetColumn("spend");
        var visits = (NumericColumn)data.GetColumn("visits");
        var periods = Enumerable.Range(0, data.RowCount).Select(r => (int)(visits[r] - 10)).ToArray();
        Assert.Equal(Customers.Length * 2, data.RowCount);
        Assert.Equal([Customers.Length, Customers.Length], periods.CountBy(p => p).OrderBy(g => g.Key).Select(g => g.Value));
        Assert.All(Enumerable.Range(0, data.RowCount), r => Assert.Equal(spend[ids[r]!][periods[r]], values[r]));
    }

    [Fact]
    public async Task Training_InputGivesTrainingSettings_DoesNotBorrowTheChampionsFeatures()
    {
        // Arrange: the champion was trained from features; this run brings plain data and its own settings.
        var (view, spend) = await DefineAndWriteAsync("own");
        var model = TrainingWorkflowHost.NewModel();
        var entities = await UploadEntitiesAsync($"{model}/entities.csv", "event_timestamp", Day0.AddDays(1), c => spend[c][0] > 50);
        var trained = await _host.Services.GetRequiredService<ITrainingService>().TrainAsync(
            Fast() with { Model = model, Data = entities, Features = new FeatureJoinRequest { Refs = [$"{view.Name}:spend"] } }, "test");
        await _host.Registry.SetAliasAsync(model, "champion", trained.Version.Version, "test");
        var (plain, _) = await _host.UploadAsync($"{model}/plain.csv");

        // Act
        var outcome = TrainingWorkflowHost.Outcome(await _host.WaitAsync(await _host.StartTrainingAsync(new TrainingInput { Model = model, Data = plain, Training = Fast() })));

        // Assert
        var version = Assert.Single(await _host.VersionsAsync(model), v => v.Version == outcome.Version);
        Assert.False(version.Parameters.ContainsKey("features"));
        Assert.EndsWith(".csv", version.Lineage.TrainingDataUri, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PreparedTrainingCache_JoinedSnapshotOnAnotherHost_PreparesTheSameRowsWithoutJoiningAgain()
    {
        // Arrange: what the prepare step hands to later steps, and a cache that has never seen it (another process).
        var (view, spend) = await DefineAndWriteAsync("cache");
        var model = TrainingWorkflowHost.NewModel();
        var data = await UploadEntitiesAsync($"{model}/e.csv", "event_timestamp", Day0.AddDays(1), c => spend[c][0] > 50);
        var training = _host.Services.GetRequiredService<TrainingService>();
        var plan = training.Plan(Fast() with { Model = model, Data = data, Features = new FeatureJoinRequest { Refs = [$"{view.Name}:spend"] } });
        var prepared = await training.PrepareAsync(plan, null, CancellationToken.None);

        // Act
        var later = TrainingActivities.ForLaterSteps(plan.Request, prepared.Ingested);
        var again = await new PreparedTrainingCache(training).GetAsync(later, CancellationToken.None);

        // Assert
        Assert.Null(later.Features);
        Assert.Equal(prepared.Ingested.Snapshot.Uri, again.Ingested.Snapshot.Uri);
        Assert.Equal(prepared.Ingested.Data.Schema.Columns, again.Ingested.Data.Schema.Columns);
        Assert.Equal(ColumnRole.Id, again.Ingested.Data.Schema.Find("customer_id")!.Role);
        Assert.Contains("spend", again.Ingested.Data.Features.Select(c => c.Name));
        Assert.Equal((prepared.Train.RowCount, prepared.Test.RowCount), (again.Train.RowCount, again.Test.RowCount));
    }

    [Theory]
    [InlineData("""{"refs": ["{view}:spend", "{view}:nosuch"]}""", ErrorCategory.NotFound, "training.features.refs[1]")]
    [InlineData("""{"refs": ["nosuchview:spend"]}""", ErrorCategory.NotFound, "training.features.refs[0]")]
    [InlineData("""{"refs": ["{view}"]}""", ErrorCategory.Validation, "training.features.refs[0]")]
    [InlineData("""{"refs": []}""", ErrorCategory.Validation, "training.features.refs")]
    [InlineData("""{"refs": ["{view}:spend", "{view}:spend"]}""", ErrorCategory.Validation, "training.features.refs[1]")]
    [InlineData("""{"refs": ["{view}:spend", "{other}:spend"]}""", ErrorCategory.Validation, "training.features.refs[1]")]
    [InlineData("""{"refs": ["{view}:spend"], "timestampColumn": " "}""", ErrorCategory.Validation, "training.features.timestampColumn")]
    public async Task SavePolicy_BadFeatures_IsRefusedNamingTheField(string features, ErrorCategory category, string field)
    {
        var (view, _) = await DefineAndWriteAsync("bad", write: false);
        var (other, _) = await DefineAndWriteAsync("other", write: false);
        var join = JsonSerializer.Deserialize<FeatureJoinRequest>(
            features.Replace("{view}", view.Name, StringComparison.Ordinal).Replace("{other}", other.Name, StringComparison.Ordinal), Core.Api.MlopsJson.Options)!;
        var model = TrainingWorkflowHost.NewModel();

        var ex = await Assert.ThrowsAsync<MlopsException>(() => _host.Policies.SaveAsync(model, new ModelPolicy { Training = Fast() with { Features = join } }, "test"));

        Assert.Equal((category, field), (ex.Category, ex.Field));
        Assert.Null(await _host.Policies.FindAsync(model));
    }

    private static TrainingRequest Fast() => new()
    {
        Label = "churned",
        Trainers = [new TrainerSweep { Trainer = "linear" }],
        Seed = 5,
    };

    /// <summary>
    /// A view keyed by <c>customer_id</c> with features spend and visits, and offline rows for each customer on day 0,
    /// day 2 and day 4 (spend per period returned; visits = 10 + period, so a value shows which period it came from).
    /// </summary>
    private async Task<(FeatureView View, Dictionary<string, double[]> Spend)> DefineAndWriteAsync(string prefix, bool write = true)
    {
        var view = await _host.Services.GetRequiredService<IFeatureRegistry>().DefineAsync(new FeatureViewDefinition(
            prefix + Guid.NewGuid().ToString("N")[..10],
            ["customer_id"],
            "event_timestamp",
            new FeatureSourceDefinition(),
            [new FeatureDefinition("spend", Column: "spend"), new FeatureDefinition("visits", Column: "visits")],
            "30d"));
        var random = new Random(7);
        var spend = Customers.ToDictionary(c => c, _ => new[] { Math.Round(random.NextDouble() * 100, 2), Math.Round(random.NextDouble() * 100, 2), -1.0 });
        if (write)
        {
            var offline = _host.Services.GetRequiredService<IOfflineFeatureStore>();
            for (var period = 0; period < 3; period++)
            {
                var time = Day0.AddDays(2 * period);
                var p = period;
                var frame = new FeatureFrame(
                    ["customer_id"],
                    [Customers],
                    [.. Customers.Select((_, i) => time.AddMinutes(i))],
                    [FeatureColumn.FromNumbers("spend", [.. Customers.Select(c => spend[c][p])]), FeatureColumn.FromNumbers("visits", [.. Customers.Select(_ => 10.0 + p)])]);
                await offline.WriteAsync(view, DateOnly.FromDateTime(time.UtcDateTime), "test", frame);
            }
        }

        return (view, spend);
    }

    private async Task<string> UploadEntitiesAsync(string path, string timestampColumn, DateTimeOffset time, Func<string, bool> label)
    {
        var csv = new StringBuilder().Append(CultureInfo.InvariantCulture, $"customer_id,{timestampColumn},churned\n");
        foreach (var customer in Customers)
        {
            csv.Append(CultureInfo.InvariantCulture, $"{customer},{time:yyyy-MM-ddTHH:mm:ssZ},{(label(customer) ? "true" : "false")}\n");
        }

        await _host.Container().UploadBlobAsync(path, BinaryData.FromString(csv.ToString()));
        return $"blob://{DatasetContainers.TrainingData}/{path}";
    }

    /// <summary>The version's snapshot is the joined set: each row's spend and visits are those of <paramref name="period"/>, never a later one.</summary>
    private async Task AssertJoinedAsOfAsync(ModelVersion version, Dictionary<string, double[]> spend, int period, string column = "spend")
    {
        var data = await ReadSnapshotAsync(version);
        Assert.Equal(Customers.Length, data.RowCount);
        var ids = (CategoricalColumn)data.GetColumn("customer_id");
        var values = (NumericColumn)data.GetColumn(column);
        var visits = (NumericColumn)data.GetColumn(column.Replace("spend", "visits", StringComparison.Ordinal));
        for (var r = 0; r < data.RowCount; r++)
        {
            Assert.Equal(spend[ids[r]!][period], values[r]);
            Assert.Equal(10 + period, visits[r]);
        }
    }

    /// <summary>The version's snapshot, which is the joined set (Parquet), read with the entity key as an id.</summary>
    private async Task<TabularDataset> ReadSnapshotAsync(ModelVersion version)
    {
        var uri = version.Lineage.TrainingDataUri!;
        Assert.EndsWith(".parquet", uri, StringComparison.Ordinal);
        var source = _host.Services.GetRequiredService<IDataSourceResolver>().Resolve(uri);
        await using var content = await source.OpenReadAsync();
        using var copy = new MemoryStream();
        await content.CopyToAsync(copy);
        copy.Position = 0;
        return (await DatasetReader.ReadAsync(copy, DataFormat.Parquet, new DatasetReadOptions
        {
            Label = "churned",
            Columns = new Dictionary<string, ColumnOverride> { ["customer_id"] = new(Role: ColumnRole.Id) },
        })).Data;
    }
}
