using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Mlops.Core.Diagnostics;
using Mlops.Core.Pipelines;
using Mlops.Core.Tests.Training.Data;
using Mlops.Core.Training.Data;
using Mlops.Core.Training.Experiments;
using Mlops.Core.Training.Workflows;
using Mlops.Workflows;

namespace Mlops.Core.Tests.Training.Workflows;

/// <summary>A policy's <c>training.dataWindow</c>: several drops read as one data set, on Azurite.</summary>
public sealed class DataWindowTests : IAsyncLifetime
{
    private TrainingWorkflowHost _host = null!;

    public async Task InitializeAsync() => _host = await TrainingWorkflowHost.StartAsync();

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task SelectAsync_ThreeDropsWindowCoversTwo_ChoosesThoseTwoOldestFirst()
    {
        var model = TrainingWorkflowHost.NewModel();
        var modified = new List<DateTimeOffset>();
        foreach (var day in new[] { "2025-06-01", "2025-06-02", "2025-06-03" })
        {
            if (modified.Count > 0)
            {
                // Last-modified times have whole seconds: waiting makes the three drops three distinct times.
                await Task.Delay(1100);
            }

            await _host.UploadAsync($"{model}/{day}.csv", rows: 50);
            modified.Add((await _host.Container().GetBlobClient($"{model}/{day}.csv").GetPropertiesAsync()).Value.LastModified);
        }

        var asOf = modified[2] + TimeSpan.FromHours(1);
        var selected = await DataWindowSelector.SelectAsync(_host.Container(), model, asOf - modified[1], asOf, CancellationToken.None);
        var none = await Assert.ThrowsAsync<MlopsException>(() =>
            DataWindowSelector.SelectAsync(_host.Container(), model, TimeSpan.FromMinutes(30), asOf, CancellationToken.None));

        Assert.Equal([$"blob://training-data/{model}/2025-06-02.csv", $"blob://training-data/{model}/2025-06-03.csv"], selected);
        Assert.Equal((ErrorCategory.NotFound, "training.dataWindow"), (none.Category, none.Field));
    }

    [Fact]
    public async Task Retraining_PolicyWithDataWindow_SnapshotHoldsEveryCsvDropsRowsAndLineageNamesThem()
    {
        var model = TrainingWorkflowHost.NewModel();
        await SavePolicyAsync(model, "1h");
        var (_, first) = await _host.UploadAsync($"{model}/2025-06-01.csv", rows: 300, seed: 1);
        await _host.Container().UploadBlobAsync($"{model}/2025-06-02.tsv", new BinaryData(Encoding.UTF8.GetBytes("a\tchurned\n1\t0\n")));
        var (_, second) = await _host.UploadAsync($"{model}/2025-06-03.csv", rows: 300, seed: 2);
        var id = "retrain-" + Guid.NewGuid().ToString("N");

        await _host.Services.GetRequiredService<IPipelineClient>().StartAsync(PipelineWorkflowNames.Retraining, new RetrainingInput(model, TrainingReasons.Schedule), id);
        var outcome = TrainingWorkflowHost.Outcome(await _host.WaitAsync(id));

        var version = Assert.Single(await _host.VersionsAsync(model));
        var snapshot = Lines(await ReadBlobAsync(version.Lineage.TrainingDataUri!));
        var expected = Lines(first).Take(1).Concat(Lines(first).Skip(1)).Concat(Lines(second).Skip(1));
        Assert.Equal(expected, snapshot);
        Assert.Contains(
            $"data: 2 files read as one (training.dataWindow): blob://training-data/{model}/2025-06-01.csv, blob://training-data/{model}/2025-06-03.csv",
            version.Lineage.ReasonDetails, StringComparison.Ordinal);
        var run = await _host.Services.GetRequiredService<IExperimentTracker>().GetRunAsync(outcome.Experiment, outcome.BestRunId);
        Assert.Contains(run.DataWarnings ?? [], w => w.Code == DataWarningCode.SkippedSource && w.Message.Contains("2025-06-02.tsv", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Retraining_DropsWithDifferentHeaders_FailsNamingTheFileAndRegistersNothing()
    {
        var model = TrainingWorkflowHost.NewModel();
        await SavePolicyAsync(model, "30d");
        await _host.UploadAsync($"{model}/2025-06-01.csv", rows: 100, seed: 1);
        var text = Encoding.UTF8.GetString((await TestFiles.ChurnCsvAsync(100, seed: 2)).ToArray());
        var renamed = "renamed_column" + text[text.IndexOf(',', StringComparison.Ordinal)..];
        await _host.Container().UploadBlobAsync($"{model}/2025-06-02.csv", new BinaryData(Encoding.UTF8.GetBytes(renamed)));

        var failure = await RetrainExpectingFailureAsync(model);

        Assert.Contains($"blob://training-data/{model}/2025-06-02.csv", failure, StringComparison.Ordinal);
        Assert.Contains("same columns", failure, StringComparison.Ordinal);
        Assert.Empty(await _host.VersionsAsync(model));
    }

    [Fact]
    public async Task Retraining_PolicyWithDataWindowOverParquetDrops_SnapshotHoldsBothFilesRowsInOrder()
    {
        var model = TrainingWorkflowHost.NewModel();
        await SavePolicyAsync(model, "1h");
        var first = (await TestFiles.ChurnParquetAsync(200, seed: 1)).ToArray();
        var second = (await TestFiles.ChurnParquetAsync(250, seed: 2)).ToArray();
        await _host.Container().UploadBlobAsync($"{model}/2025-06-01.parquet", new BinaryData(first));
        await _host.Container().UploadBlobAsync($"{model}/2025-06-02.parquet", new BinaryData(second));
        var id = "retrain-" + Guid.NewGuid().ToString("N");

        await _host.Services.GetRequiredService<IPipelineClient>().StartAsync(PipelineWorkflowNames.Retraining, new RetrainingInput(model, TrainingReasons.Schedule), id);
        TrainingWorkflowHost.Outcome(await _host.WaitAsync(id));

        var version = Assert.Single(await _host.VersionsAsync(model));
        var snapshot = await ReadDatasetAsync(await ReadBlobAsync(version.Lineage.TrainingDataUri!), DataFormat.Parquet);
        var expected = (await ReadDatasetAsync(first, DataFormat.Parquet)).Concat(await ReadDatasetAsync(second, DataFormat.Parquet));
        Assert.Equal(expected, snapshot);
    }

    [Fact]
    public async Task Retraining_ParquetDropsWithDifferentSchemas_FailsNamingTheFileAndRegistersNothing()
    {
        var model = TrainingWorkflowHost.NewModel();
        await SavePolicyAsync(model, "30d");
        await _host.Container().UploadBlobAsync($"{model}/2025-06-01.parquet", new BinaryData((await TestFiles.ChurnParquetAsync(100, seed: 1)).ToArray()));
        await _host.Container().UploadBlobAsync($"{model}/2025-06-02.parquet", new BinaryData(await OneColumnParquetAsync()));

        var failure = await RetrainExpectingFailureAsync(model);

        Assert.Contains($"blob://training-data/{model}/2025-06-02.parquet", failure, StringComparison.Ordinal);
        Assert.Contains("same columns", failure, StringComparison.Ordinal);
        Assert.Empty(await _host.VersionsAsync(model));
    }

    [Fact]
    public async Task SavePolicy_BadDataWindow_FailsNamingTheField()
    {
        var model = TrainingWorkflowHost.NewModel();

        var error = await Assert.ThrowsAsync<MlopsException>(() => SavePolicyAsync(model, "a month"));

        Assert.Equal((ErrorCategory.Validation, "training.dataWindow"), (error.Category, error.Field));
    }

    private Task SavePolicyAsync(string model, string window) =>
        _host.Policies.SaveAsync(model, new ModelPolicy { Training = TrainingWorkflowHost.FastTraining() with { DataWindow = window } }, "test");

    private async Task<string> RetrainExpectingFailureAsync(string model)
    {
        var id = await _host.Services.GetRequiredService<IPipelineClient>().StartAsync(PipelineWorkflowNames.Retraining, new RetrainingInput(model, TrainingReasons.Schedule), null);
        var instance = await _host.WaitAsync(id);
        Assert.Equal(WorkflowRuntimeStatus.Failed, instance.RuntimeStatus);
        return TrainingWorkflowHost.Describe(instance.FailureDetails);
    }

    private async Task<byte[]> ReadBlobAsync(string location)
    {
        var source = _host.Services.GetRequiredService<IDataSourceResolver>().Resolve(location);
        var stream = await source.OpenReadAsync();
        await using (stream)
        {
            using var buffer = new MemoryStream();
            await stream.CopyToAsync(buffer);
            return buffer.ToArray();
        }
    }

    // Each row as text over every column, so two files' rows can be compared with the combined snapshot's.
    private static async Task<string[]> ReadDatasetAsync(byte[] bytes, DataFormat format)
    {
        using var stream = new MemoryStream(bytes);
        var data = (await DatasetReader.ReadAsync(stream, format, new DatasetReadOptions { Label = "churned" })).Data;
        return [.. Enumerable.Range(0, data.RowCount).Select(r => string.Join("|", data.Columns.Select(c => c.FormatValue(r))))];
    }

    private static async Task<byte[]> OneColumnParquetAsync()
    {
        var field = new Parquet.Schema.DataField<int>("a");
        using var stream = new MemoryStream();
        var writer = await Parquet.ParquetWriter.CreateAsync(new Parquet.Schema.ParquetSchema(field), stream);
        await using (writer)
        {
            using var group = writer.CreateRowGroup();
            await group.WriteAsync<int>(field, new[] { 1, 2 }, null, null);
        }

        return stream.ToArray();
    }

    private static string[] Lines(byte[] bytes) =>
        [.. Encoding.UTF8.GetString(bytes).TrimStart('\uFEFF').Split('\n').Select(l => l.TrimEnd('\r')).Where(l => l.Length > 0)];
}
